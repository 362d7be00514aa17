using System.Globalization;
using System.Text.Json;

namespace MultiPair.Sdk.Tests.Indicators;

/// <summary>
/// Skender.Stock.Indicators' 502-bar test series and regression baselines (see Data/NOTICE.md), and the comparison
/// used against them.
/// </summary>
internal static class SkenderData
{
    public const int BarCount = 502;

    private static readonly Lazy<SkenderBar[]> DefaultBars = new(() => ReadBars("default.csv"));
    private static readonly Lazy<SkenderBar[]> CompareBars = new(() => ReadBars("compare.csv"));

    /// <summary>Gets the 502 bars of <c>default.csv</c> (Skender's <c>Bars</c>).</summary>
    public static SkenderBar[] Bars => DefaultBars.Value;

    /// <summary>Gets the 502 bars of <c>compare.csv</c> (Skender's <c>OtherBars</c>).</summary>
    public static SkenderBar[] OtherBars => CompareBars.Value;

    /// <summary>Reads one property of a results file, one value per bar, <see langword="null"/> during warm-up.</summary>
    public static double?[] Reference(string indicator, string property)
    {
        using var stream = File.OpenRead(PathOf(indicator + ".standard.json"));
        using var document = JsonDocument.Parse(stream);
        var rows = document.RootElement;
        var values = new double?[rows.GetArrayLength()];
        var i = 0;
        foreach (var row in rows.EnumerateArray())
        {
            var value = row.GetProperty(property);
            values[i++] = value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();
        }

        values.Length.ShouldBe(BarCount);
        return values;
    }

    /// <summary>
    /// Compares every bar: where the reference is <see langword="null"/> the indicator must not be ready either, and
    /// elsewhere <c>|actual − expected| ≤ tolerance × max(|expected|, scale)</c>. Asserts how many values were compared.
    /// </summary>
    public static void ShouldMatch(double?[] actual, double?[] expected, int expectedCompared, double relativeTolerance = 1e-9, double[]? scale = null)
    {
        actual.Length.ShouldBe(expected.Length);
        var failures = new List<string>();
        var compared = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] is not { } e)
            {
                if (actual[i] is { } a)
                {
                    failures.Add(string.Create(CultureInfo.InvariantCulture, $"bar {i}: expected warm-up, got {a:R}"));
                }

                continue;
            }

            if (actual[i] is not { } v)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"bar {i}: not ready, expected {e:R}"));
                continue;
            }

            compared++;
            var bound = relativeTolerance * Math.Max(Math.Abs(e), scale?[i] ?? 0.0);
            if (!(Math.Abs(v - e) <= bound) && v != e)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"bar {i}: expected {e:R}, got {v:R} (diff {v - e:E2})"));
            }
        }

        failures.Take(10).ShouldBeEmpty();
        compared.ShouldBe(expectedCompared);
    }

    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Indicators", "Data", file);

    private static SkenderBar[] ReadBars(string file)
    {
        var lines = File.ReadAllLines(PathOf(file));
        lines[0].ShouldBe("date,open,high,low,close,volume");
        var bars = new SkenderBar[lines.Length - 1];
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            bars[i - 1] = new SkenderBar(
                double.Parse(cells[1], CultureInfo.InvariantCulture),
                double.Parse(cells[2], CultureInfo.InvariantCulture),
                double.Parse(cells[3], CultureInfo.InvariantCulture),
                double.Parse(cells[4], CultureInfo.InvariantCulture));
        }

        bars.Length.ShouldBe(BarCount);
        return bars;
    }
}

/// <summary>One row of a Skender quotes file.</summary>
internal sealed record SkenderBar(double Open, double High, double Low, double Close);
