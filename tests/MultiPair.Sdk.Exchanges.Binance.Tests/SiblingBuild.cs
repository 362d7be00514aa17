namespace MultiPair.Sdk.Exchanges.Binance.Tests;

/// <summary>The build output of another project of the repository, in the same configuration and framework as this test assembly (run with its own dependencies, not from this folder).</summary>
internal static class SiblingBuild
{
    /// <summary>The path of <paramref name="assembly"/> in the output of the project folder <paramref name="project"/> (relative to the repository root).</summary>
    public static string PathOf(string project, string assembly)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName; // net10.0 → Release → bin → this project → tests → root
        var path = Path.Combine(root, project, "bin", here.Parent.Name, here.Name, assembly);
        File.Exists(path).ShouldBeTrue($"{assembly} is not built at {path}.");
        return path;
    }
}
