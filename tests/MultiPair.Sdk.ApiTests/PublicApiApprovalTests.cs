using System.Globalization;
using System.Reflection;
using System.Text;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.ApiTests;

/// <summary>
/// Fails when the public surface of a packable assembly differs from its approved snapshot in
/// <c>tests/MultiPair.Sdk.ApiTests/approved/&lt;AssemblyName&gt;.approved.txt</c>.
/// </summary>
/// <remarks>
/// On a mismatch the rendered surface is written next to the approved file as <c>&lt;AssemblyName&gt;.received.txt</c>
/// (gitignored). To accept an intended change, copy the received file over the approved one, or run
/// <c>MULTIPAIR_ACCEPT_API=1 dotnet test tests/MultiPair.Sdk.ApiTests</c>, which overwrites the approved files
/// instead of failing; then review the diff and commit it with the change.
/// </remarks>
public sealed class PublicApiApprovalTests
{
    private const string AcceptVariable = "MULTIPAIR_ACCEPT_API";

    public static TheoryData<string> PackableAssemblies => new()
    {
        typeof(TradingPair).Assembly.GetName().Name!,
        typeof(ManualTimeProvider).Assembly.GetName().Name!,
        typeof(MultiPair.Sdk.Exchanges.Binance.BinanceOptions).Assembly.GetName().Name!,
        typeof(MultiPair.Sdk.Storage.Sqlite.SqlitePortfolioStore).Assembly.GetName().Name!,
        typeof(MultiPair.Sdk.Hosting.MultiPairTradingService).Assembly.GetName().Name!,
        typeof(MultiPair.Sdk.Storage.PostgreSql.PostgresPortfolioStore).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(PackableAssemblies))]
    public void PublicApi_Rendered_MatchesApprovedFile(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var received = PublicApiText.Render(assembly);
        var directory = ApprovedDirectory();
        var approvedPath = Path.Combine(directory, assemblyName + ".approved.txt");
        var receivedPath = Path.Combine(directory, assemblyName + ".received.txt");

        if (string.Equals(Environment.GetEnvironmentVariable(AcceptVariable), "1", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(approvedPath, received);
            File.Delete(receivedPath);
            return;
        }

        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : string.Empty;
        if (string.Equals(approved, received, StringComparison.Ordinal))
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail(MismatchMessage(assemblyName, approvedPath, receivedPath, approved, received));
    }

    private static string ApprovedDirectory() =>
        typeof(PublicApiApprovalTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => string.Equals(a.Key, "ApprovedApiDirectory", StringComparison.Ordinal)).Value!;

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string MismatchMessage(string assemblyName, string approvedPath, string receivedPath, string approved, string received)
    {
        var approvedLines = approved.Split('\n');
        var receivedLines = received.Split('\n');
        var first = 0;
        while (first < approvedLines.Length && first < receivedLines.Length
            && string.Equals(approvedLines[first], receivedLines[first], StringComparison.Ordinal))
        {
            first++;
        }

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"The public API of {assemblyName} differs from the approved snapshot, first at line {first + 1}.");
        sb.AppendLine("approved:");
        AppendLines(sb, approvedLines, first);
        sb.AppendLine("received:");
        AppendLines(sb, receivedLines, first);
        sb.AppendLine(CultureInfo.InvariantCulture, $"If the change is intended, accept it: cp \"{receivedPath}\" \"{approvedPath}\"");
        sb.AppendLine(CultureInfo.InvariantCulture, $"(or run with {AcceptVariable}=1 to overwrite every approved file), then review and commit the diff.");
        return sb.ToString();
    }

    private static void AppendLines(StringBuilder sb, string[] lines, int first)
    {
        if (first >= lines.Length)
        {
            sb.AppendLine("    <end of file>");
            return;
        }

        foreach (var line in lines.Skip(first).Take(5))
        {
            sb.Append("    ").AppendLine(line);
        }
    }
}
