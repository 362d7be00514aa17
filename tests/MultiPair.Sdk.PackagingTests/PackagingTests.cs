using System.IO.Compression;
using System.Security;
using System.Xml.Linq;
using PackageConsumer;
using Xunit.Abstractions;

namespace MultiPair.Sdk.PackagingTests;

/// <summary>
/// The packages as users get them: <c>dotnet pack</c> of every src/ project, the contents of each package, and a fresh
/// console project outside the repository that takes them with <c>dotnet add package</c> from a local folder and runs
/// a short backtest.
/// </summary>
public sealed class NuGetPackageTests(PackedPackages packages, ITestOutputHelper log) : IClassFixture<PackedPackages>
{
    private static readonly XNamespace Nuspec = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";

    [Fact]
    public void Pack_SourceProjects_FindsTheKnownLibraries()
    {
        // Guards the discovery: a project added under src/ is packed without touching this test.
        log.WriteLine(packages.Pack!.Describe());
        var ids = packages.Projects.Select(p => p.PackageId).ToHashSet(StringComparer.Ordinal);
        foreach (var known in new[] { "MultiPair.Sdk", "MultiPair.Sdk.Testing", "MultiPair.Sdk.Exchanges.Binance", "MultiPair.Sdk.Storage.Sqlite" })
        {
            ids.Contains(known).ShouldBeTrue($"{known} is not among the packable src/ projects: {string.Join(", ", ids)}");
        }

        packages.Pack!.Output.ShouldNotContain("warning NU5", Case.Insensitive, packages.Pack.Describe());
    }

    [Fact]
    public void Pack_EverySourceProject_HasReadmeLicenceDocsSymbolsAndSiblingDependencies()
    {
        var readme = File.ReadAllBytes(Path.Combine(packages.RepositoryRoot, "README.md"));
        var licence = File.ReadAllBytes(Path.Combine(packages.RepositoryRoot, "LICENSE"));
        var idsByProject = packages.Projects.ToDictionary(p => p.Path, p => p.PackageId, StringComparer.Ordinal);
        foreach (var project in packages.Projects)
        {
            var path = packages.PackagePath(project.PackageId);
            File.Exists(path).ShouldBeTrue($"{path} was not packed. {packages.Pack!.Describe()}");
            using var package = ZipFile.OpenRead(path);
            var entries = package.Entries.Select(e => e.FullName).ToList();

            Read(package, "README.md").ShouldBe(readme, $"{project.PackageId}: README.md");
            Read(package, "LICENSE").ShouldBe(licence, $"{project.PackageId}: LICENSE");
            var assemblies = entries.Where(e => e.StartsWith("lib/net10.0/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal)).ToList();
            assemblies.ShouldNotBeEmpty($"{project.PackageId}: no lib/net10.0/*.dll in {string.Join(", ", entries)}");
            foreach (var assembly in assemblies)
            {
                var documentation = Path.ChangeExtension(assembly, ".xml");
                entries.ShouldContain(e => e == documentation, $"{project.PackageId}: no XML docs for {assembly}");
                var members = Xml(Read(package, documentation)).Descendants("member").Count();
                members.ShouldBeGreaterThan(0, $"{project.PackageId}: {documentation} documents nothing");
            }

            var metadata = Xml(Read(package, project.PackageId + ".nuspec")).Root!.Element(Nuspec + "metadata")!;
            ((string?)metadata.Element(Nuspec + "id")).ShouldBe(project.PackageId);
            ((string?)metadata.Element(Nuspec + "version")).ShouldBe(packages.Version);
            ((string?)metadata.Element(Nuspec + "readme")).ShouldBe("README.md");
            ((string?)metadata.Element(Nuspec + "license")).ShouldBe("MIT");
            ((string?)metadata.Element(Nuspec + "license")?.Attribute("type")).ShouldBe("expression");
            ((string?)metadata.Element(Nuspec + "description")).ShouldNotBeNullOrWhiteSpace();
            ((string?)metadata.Element(Nuspec + "authors")).ShouldNotBeNullOrWhiteSpace();

            // Every project reference becomes a dependency on the sibling package of the same version; analyzers stay out.
            var dependencies = metadata.Descendants(Nuspec + "dependency")
                .Select(d => (Id: (string)d.Attribute("id")!, Version: (string)d.Attribute("version")!))
                .ToList();
            var siblings = dependencies.Where(d => d.Id.StartsWith("MultiPair.", StringComparison.Ordinal)).ToList();
            siblings.Select(d => d.Id).Order(StringComparer.Ordinal)
                .ShouldBe(project.ProjectReferences.Select(r => idsByProject[r]).Order(StringComparer.Ordinal), $"{project.PackageId}: sibling dependencies");
            siblings.ShouldAllBe(d => d.Version == packages.Version, $"{project.PackageId}: sibling dependency versions");
            dependencies.ShouldNotContain(d => d.Id.Contains("Analyzer", StringComparison.OrdinalIgnoreCase), $"{project.PackageId}: analyzer dependency");

            var symbolsPath = packages.PackagePath(project.PackageId, symbols: true);
            File.Exists(symbolsPath).ShouldBeTrue($"{symbolsPath} was not packed");
            using var symbols = ZipFile.OpenRead(symbolsPath);
            foreach (var assembly in assemblies)
            {
                symbols.Entries.ShouldContain(e => e.FullName == Path.ChangeExtension(assembly, ".pdb"), $"{project.PackageId}: no symbols for {assembly}");
            }
        }
    }

    [Fact]
    public async Task AddPackage_FreshConsumer_RestoresFromFolderAndRunsTheSameBacktest()
    {
        var consumer = Path.Combine(packages.Root, "consumer");
        var data = Path.Combine(consumer, "data");
        Directory.CreateDirectory(data);
        foreach (var pair in ConsumerBacktest.PairNames)
        {
            var file = pair.Replace('/', '_') + "-1h.json";
            File.Copy(Path.Combine(packages.RepositoryRoot, "samples", "MultiPair.Cli", "data", "binance-1h", file), Path.Combine(data, file));
        }

        File.Copy(Path.Combine(packages.RepositoryRoot, "samples", "MultiPair.Cli", "data", "binance-1h", "NOTICE.md"), Path.Combine(data, "NOTICE.md"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumer", "Program.cs"), Path.Combine(consumer, "Program.cs"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumer", "ConsumerBacktest.cs"), Path.Combine(consumer, "ConsumerBacktest.cs"));
        await WriteIsolationFilesAsync(consumer);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);

        // Restores go to a global packages folder of the consumer's own (the user's is only read, as a fallback),
        // so neither the test versions nor the local folder's packages reach the user's cache.
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["NUGET_PACKAGES"] = Path.Combine(consumer, ".nuget-packages") };
        var dependencyInjection = CentralVersion("Microsoft.Extensions.DependencyInjection");
        string[][] additions =
        [
            ["MultiPair.Sdk", packages.Version],
            ["MultiPair.Sdk.Storage.Sqlite", packages.Version],
            ["MultiPair.Sdk.Exchanges.Binance", packages.Version],
            ["Microsoft.Extensions.DependencyInjection", dependencyInjection],
        ];
        foreach (var addition in additions)
        {
            var add = await DotNetProcess.RunCheckedAsync(consumer, PackedPackages.CommandTimeout, ["add", "package", addition[0], "--version", addition[1]], environment);
            log.WriteLine($"{add.Command}: {add.Elapsed.TotalSeconds:0.0} s");
        }

        var run = await DotNetProcess.RunAsync(consumer, PackedPackages.CommandTimeout, ["run", "-c", "Release", "--", data], environment);
        run.ExitCode.ShouldBe(0, run.Describe());
        log.WriteLine(run.Describe());

        var output = run.Output.ReplaceLineEndings("\n");
        var expected = ConsumerBacktest.Summarize(ConsumerBacktest.Run(data));
        output.ShouldContain(expected, Case.Sensitive, run.Describe());
        expected.ShouldContain("trades ");
        expected.ShouldNotContain("trades 0\n");
        foreach (var assembly in new[] { "MultiPair.Sdk", "MultiPair.Sdk.Storage.Sqlite", "MultiPair.Sdk.Exchanges.Binance" })
        {
            output.ShouldContain($"assembly {assembly} {packages.Version}", Case.Sensitive, run.Describe());
        }

        // What a user would see while building against the packages: nothing but NU1603, which the package source causes
        // (it lacks SQLitePCLRaw 2.1.13, the minimum Microsoft.Data.Sqlite asks for; the repository allows it too).
        output.Split('\n').Where(line => line.Contains(": warning ", StringComparison.Ordinal) && !line.Contains("warning NU1603", StringComparison.Ordinal))
            .ShouldBeEmpty(run.Describe());
        output.ShouldContain("portfolio store SqlitePortfolioStore", Case.Sensitive, run.Describe());
        output.ShouldContain("kline api registered True", Case.Sensitive, run.Describe());
        output.ShouldContain("sqlite 3.", Case.Sensitive, run.Describe());
    }

    private async Task WriteIsolationFilesAsync(string consumer)
    {
        // Outside the repository, but nothing above the temp folder may leak in either.
        await File.WriteAllTextAsync(Path.Combine(consumer, "Directory.Build.props"), "<Project />\n");
        await File.WriteAllTextAsync(Path.Combine(consumer, "Directory.Build.targets"), "<Project />\n");
        await File.WriteAllTextAsync(Path.Combine(consumer, "Directory.Packages.props"),
            "<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n");

        // The local folder for MultiPair.* and, for everything else, the sources the repository restores from.
        var upstream = await UpstreamSourcesAsync();
        var globalPackages = await UserGlobalPackagesAsync();
        var sources = string.Concat(upstream.Select((source, i) => $"    <add key=\"upstream{i}\" value=\"{SecurityElement.Escape(source)}\" />\n"));
        var mapping = string.Concat(upstream.Select((_, i) => $"    <packageSource key=\"upstream{i}\">\n      <package pattern=\"*\" />\n    </packageSource>\n"));
        await File.WriteAllTextAsync(Path.Combine(consumer, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="multipair-local" value="{SecurityElement.Escape(packages.PackageDirectory)}" />
            {sources}  </packageSources>
              <fallbackPackageFolders>
                <clear />
                <add key="user-global-packages" value="{SecurityElement.Escape(globalPackages)}" />
              </fallbackPackageFolders>
              <packageSourceMapping>
                <clear />
                <packageSource key="multipair-local">
                  <package pattern="MultiPair.*" />
                </packageSource>
            {mapping}  </packageSourceMapping>
            </configuration>

            """);
    }

    /// <summary>The enabled sources of the repository's NuGet configuration, as <c>dotnet nuget list source</c> gives them.</summary>
    private async Task<IReadOnlyList<string>> UpstreamSourcesAsync()
    {
        var list = await DotNetProcess.RunCheckedAsync(packages.RepositoryRoot, PackedPackages.CommandTimeout, ["nuget", "list", "source", "--format", "short"]);
        var sources = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2 && parts[0].StartsWith('E'))
            .Select(parts => parts[1])
            .ToList();
        sources.ShouldNotBeEmpty(list.Describe());
        return sources;
    }

    private async Task<string> UserGlobalPackagesAsync()
    {
        var list = await DotNetProcess.RunCheckedAsync(packages.RepositoryRoot, PackedPackages.CommandTimeout, ["nuget", "locals", "global-packages", "--list"]);
        const string Prefix = "global-packages:";
        var line = list.Output.Split('\n', StringSplitOptions.TrimEntries).SingleOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        line.ShouldNotBeNull(list.Describe());
        return line[Prefix.Length..].Trim();
    }

    private string CentralVersion(string packageId) =>
        XDocument.Load(Path.Combine(packages.RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(e => string.Equals((string?)e.Attribute("Include"), packageId, StringComparison.Ordinal))
            .Attribute("Version")!.Value;

    private static XDocument Xml(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return XDocument.Load(stream);
    }

    private static byte[] Read(ZipArchive package, string entryName)
    {
        var entry = package.GetEntry(entryName);
        entry.ShouldNotBeNull($"no {entryName} in the package: {string.Join(", ", package.Entries.Select(e => e.FullName))}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
