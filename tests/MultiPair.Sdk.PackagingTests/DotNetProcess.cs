using System.Diagnostics;
using System.Text;

namespace MultiPair.Sdk.PackagingTests;

/// <summary>Runs the <c>dotnet</c> command as a child process, with a time limit, and keeps what it printed.</summary>
internal static class DotNetProcess
{
    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> and returns its exit code and output.</summary>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="timeout">Its time limit; the process tree is killed after it.</param>
    /// <param name="arguments">The arguments, each passed as one.</param>
    /// <param name="environment">Variables to set (a null value removes one).</param>
    /// <returns>The exit code (-1 when it timed out) and stdout and stderr interleaved.</returns>
    public static async Task<DotNetResult> RunAsync(string workingDirectory, TimeSpan timeout, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under `dotnet test`, whose MSBuild variables would steer the child's build; drop them.
        foreach (var name in start.Environment.Keys.Where(IsInheritedBuildVariable).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // No MSBuild worker nodes or build server outliving the command (they would hold its output pipes open).
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>(StringComparer.Ordinal))
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        var gate = new Lock();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    output.AppendLine(line);
                }
            }
        }

        var command = "dotnet " + string.Join(' ', arguments);
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        int exitCode;
        if (await Task.Run(() => process.WaitForExit(timeout)).ConfigureAwait(false))
        {
            exitCode = process.ExitCode;

            // The end of both streams; a grandchild that outlives the command may hold them open, so only for a while.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Append("[output streams still open 20 s after the exit]");
            }
        }
        else
        {
            exitCode = -1;
            process.Kill(entireProcessTree: true);
            Append($"[killed after {timeout.TotalSeconds:0} s]");
        }

        string text;
        lock (gate)
        {
            text = output.ToString();
        }

        return new DotNetResult(command, workingDirectory, exitCode, text, stopwatch.Elapsed);
    }

    /// <summary>Runs <c>dotnet</c> and throws, with everything it printed, unless it exits with 0.</summary>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="timeout">Its time limit.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="environment">Variables to set (a null value removes one).</param>
    /// <returns>The result.</returns>
    public static async Task<DotNetResult> RunCheckedAsync(string workingDirectory, TimeSpan timeout, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = await RunAsync(workingDirectory, timeout, arguments, environment).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Describe());
        }

        return result;
    }

    private static bool IsInheritedBuildVariable(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("MSBUILD", StringComparison.Ordinal)
        || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase);
}

/// <summary>What a <c>dotnet</c> command did.</summary>
/// <param name="Command">The command line.</param>
/// <param name="WorkingDirectory">Where it ran.</param>
/// <param name="ExitCode">Its exit code; -1 when it was killed at its time limit.</param>
/// <param name="Output">Its stdout and stderr.</param>
/// <param name="Elapsed">How long it ran.</param>
internal sealed record DotNetResult(string Command, string WorkingDirectory, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>Renders the command, its exit code, its time and its output, for a failure message.</summary>
    /// <returns>The text.</returns>
    public string Describe() =>
        $"`{Command}` in {WorkingDirectory} exited with {ExitCode} after {Elapsed.TotalSeconds:0.0} s:{Environment.NewLine}{Output}";
}
