using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MultiPair.Sdk.Storage.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL server the tests run against: <c>MULTIPAIR_PG</c> (a connection string) when set; otherwise a
/// throw-away cluster started once per test run with the local <c>initdb</c>/<c>pg_ctl</c> (as the <c>postgres</c>
/// user when running as root) on a free loopback port, stopped and deleted when the process exits. When neither
/// works the tests are skipped with <see cref="SkipReason"/>, except under <c>CI=true</c>, where they fail instead.
/// </summary>
internal static class PostgresServer
{
    private static readonly Lazy<(string? ConnectionString, string? Problem)> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets why the PostgreSQL tests are skipped; <see langword="null"/> when a server is available (or under CI).</summary>
    public static string? SkipReason
    {
        get
        {
            var (connectionString, problem) = Server.Value;
            if (connectionString is not null || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return "PostgreSQL tests skipped: " + problem + " Set MULTIPAIR_PG to a connection string or install postgresql (initdb, pg_ctl).";
        }
    }

    /// <summary>Gets the connection string of a superuser session on the server.</summary>
    public static string ConnectionString => Server.Value.ConnectionString
        ?? throw new InvalidOperationException("No PostgreSQL server for the tests: " + Server.Value.Problem);

    private static (string?, string?) Start()
    {
        var configured = Environment.GetEnvironmentVariable("MULTIPAIR_PG");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, null);
        }

        var bin = FindBin();
        if (bin is null)
        {
            return (null, "MULTIPAIR_PG is not set and no initdb/pg_ctl was found.");
        }

        var root = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("multipair-pg-").FullName;
        var port = FreePort();
        var data = Path.Combine(folder, "data");
        var start = string.Create(CultureInfo.InvariantCulture, $"'{bin}/initdb' -D '{data}' -A trust -U postgres >'{folder}/initdb.log' 2>&1 && '{bin}/pg_ctl' -D '{data}' -o '-p {port} -k {folder} -c listen_addresses=127.0.0.1' -l '{folder}/log' -w start >/dev/null");
        if (root && Run("chown", $"postgres '{folder}'", asPostgres: false) != 0)
        {
            return (null, "running as root and the postgres user does not exist.");
        }

        if (Run("/bin/sh", start, root) != 0)
        {
            var log = string.Join(Environment.NewLine, new[] { "initdb.log", "log" }.Select(f => Path.Combine(folder, f)).Where(File.Exists).Select(File.ReadAllText));
            return (null, $"starting a cluster with {bin}/pg_ctl failed: {log}");
        }

        // A watchdog outside the test host deletes the folder once the host is gone, even when the host is killed.
        var stop = root ? $"su postgres -s /bin/sh -c \"'{bin}/pg_ctl' -D '{data}' -m immediate -w stop\"" : $"'{bin}/pg_ctl' -D '{data}' -m immediate -w stop";
        using (Process.Start(new ProcessStartInfo("setsid", ["/bin/sh", "-c", $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf '{folder}'"]) { UseShellExecute = false }))
        {
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Immediate: the data is thrown away, and a shutdown checkpoint could outlast the time the test host gets to exit.
            Run("/bin/sh", $"'{bin}/pg_ctl' -D '{data}' -m immediate -w stop >/dev/null 2>&1", root);
        };

        var connectionString = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres" }.ConnectionString;
        return (connectionString, null);
    }

    private static string? FindBin()
    {
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var latest = Directory.GetDirectories(debian)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(d => File.Exists(Path.Combine(d.Dir, "bin", "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (latest.Dir is not null)
            {
                return Path.Combine(latest.Dir, "bin");
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")))
            {
                return dir;
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Run(string file, string arguments, bool asPostgres)
    {
        var shell = string.Equals(file, "/bin/sh", StringComparison.Ordinal);
        var info = asPostgres
            ? new ProcessStartInfo("su", ["postgres", "-s", "/bin/sh", "-c", shell ? arguments : file + " " + arguments])
            : shell ? new ProcessStartInfo(file, ["-c", arguments]) : new ProcessStartInfo("/bin/sh", ["-c", file + " " + arguments]);
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        try
        {
            using var process = Process.Start(info)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                return -1;
            }

            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
