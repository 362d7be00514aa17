using System.Globalization;
using System.Security;
using System.Text;
using System.Xml.Linq;

namespace MultiPair.Sdk.PackagingTests;

/// <summary>
/// Packs every packable project under <c>src/</c> once per test run, in Release, with a version no earlier run used
/// (<c>0.0.0-test.TICKS</c>), into a temporary folder; the build goes to that folder too, so the repository's
/// <c>bin/</c> and <c>obj/</c> are left alone.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    /// <summary>A child command's time limit: generous, the machine may be a busy 2-core box.</summary>
    internal static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(8);

    /// <summary>Gets the repository's root folder (the one with <c>MultiPair.Sdk.sln</c>).</summary>
    internal string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Gets the temporary folder that holds the packages, the build output and the consumer project.</summary>
    internal string Root { get; } = Path.Combine(Path.GetTempPath(), "multipair-packaging-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Gets the version every package was packed with.</summary>
    internal string Version { get; } = "0.0.0-test." + TimeProvider.System.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture);

    /// <summary>Gets the folder the packages were written to.</summary>
    internal string PackageDirectory => Path.Combine(Root, "packages");

    /// <summary>Gets the packable projects under <c>src/</c>.</summary>
    internal IReadOnlyList<SourceProject> Projects { get; private set; } = [];

    /// <summary>Gets what <c>dotnet pack</c> did.</summary>
    internal DotNetResult? Pack { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        Projects = SourceProject.FindPackable(Path.Combine(RepositoryRoot, "src"));

        // One generated solution of every src/ project: one `dotnet pack`, one restore, projects built once each.
        var solution = Path.Combine(Root, "packages.slnx");
        var xml = new StringBuilder("<Solution>\n");
        foreach (var project in Projects)
        {
            xml.Append(CultureInfo.InvariantCulture, $"  <Project Path=\"{SecurityElement.Escape(project.Path)}\" />\n");
        }

        await File.WriteAllTextAsync(solution, xml.Append("</Solution>\n").ToString());
        Pack = await DotNetProcess.RunCheckedAsync(Root, CommandTimeout,
        [
            "pack", solution, "-c", "Release",
            "-p:Version=" + Version,
            "-p:PackageOutputPath=" + PackageDirectory + Path.DirectorySeparatorChar,
            "--artifacts-path", Path.Combine(Root, "artifacts"),
        ]);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its command may still hold a file; the folder is in the temp directory.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>Gets the path of a package this fixture packed.</summary>
    /// <param name="packageId">The package id.</param>
    /// <param name="symbols">Whether the symbols package (<c>.snupkg</c>) is meant.</param>
    /// <returns>The path.</returns>
    internal string PackagePath(string packageId, bool symbols = false) =>
        Path.Combine(PackageDirectory, $"{packageId}.{Version}.{(symbols ? "snupkg" : "nupkg")}");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MultiPair.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No MultiPair.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A packable project under <c>src/</c>.</summary>
/// <param name="Path">The project file.</param>
/// <param name="PackageId">Its package id (its <c>PackageId</c>, or the file name).</param>
/// <param name="ProjectReferences">The project files it references.</param>
internal sealed record SourceProject(string Path, string PackageId, IReadOnlyList<string> ProjectReferences)
{
    /// <summary>Finds every project under <paramref name="sourceDirectory"/> that does not opt out of packing.</summary>
    /// <param name="sourceDirectory">The <c>src/</c> folder.</param>
    /// <returns>The projects, ordered by package id.</returns>
    /// <remarks>Directory.Build.props makes every project under src/ packable; one that sets <c>IsPackable</c> false is skipped.</remarks>
    public static IReadOnlyList<SourceProject> FindPackable(string sourceDirectory) =>
    [
        .. Directory.EnumerateFiles(sourceDirectory, "*.csproj", SearchOption.AllDirectories)
            .Select(path => (Path: path, Xml: XDocument.Load(path)))
            .Where(p => !string.Equals(Property(p.Xml, "IsPackable"), "false", StringComparison.OrdinalIgnoreCase))
            .Select(p => new SourceProject(
                p.Path,
                Property(p.Xml, "PackageId") ?? System.IO.Path.GetFileNameWithoutExtension(p.Path),
                [.. p.Xml.Descendants("ProjectReference").Select(r => System.IO.Path.GetFullPath(System.IO.Path.Combine(
                    System.IO.Path.GetDirectoryName(p.Path)!, ((string?)r.Attribute("Include") ?? string.Empty).Replace('\\', '/'))))]))
            .OrderBy(p => p.PackageId, StringComparer.Ordinal),
    ];

    private static string? Property(XDocument project, string name) =>
        project.Root?.Elements("PropertyGroup").Elements(name).Select(e => e.Value.Trim()).LastOrDefault();
}
