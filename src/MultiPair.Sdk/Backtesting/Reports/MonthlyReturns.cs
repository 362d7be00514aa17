namespace MultiPair.Sdk.Backtesting;

/// <summary>Calendar-month (UTC) returns of an equity curve, grouped by year.</summary>
internal static class MonthlyReturns
{
    /// <summary>Computes the return of every calendar month that has equity points, and of every year.</summary>
    /// <remarks>
    /// A month's return is its month-end equity (the equity of its last point) divided by the previous month-end
    /// equity, minus 1; the first month is measured against <paramref name="initialCapital"/>. A month without points
    /// has no return, and the next month with points is measured against the last month-end before it. A year's return
    /// is likewise its last month-end equity against the previous year's (or the initial capital), which equals the
    /// compounded monthly returns. A return whose base is not positive is <see langword="null"/>.
    /// </remarks>
    /// <param name="curve">The equity curve, in time order.</param>
    /// <param name="initialCapital">The starting capital.</param>
    /// <returns>One entry per year that has points, in order.</returns>
    public static IReadOnlyList<YearRow> Compute(IReadOnlyList<EquityPoint> curve, decimal initialCapital)
    {
        var years = new List<YearRow>();
        decimal previousMonthEnd = initialCapital;
        decimal previousYearEnd = initialCapital;
        int i = 0;
        while (i < curve.Count)
        {
            var first = curve[i].Time.UtcDateTime;
            var row = new YearRow(first.Year);
            while (i < curve.Count && curve[i].Time.UtcDateTime.Year == row.Year)
            {
                int month = curve[i].Time.UtcDateTime.Month;
                decimal monthEnd = curve[i].Equity;
                while (i < curve.Count && curve[i].Time.UtcDateTime.Year == row.Year && curve[i].Time.UtcDateTime.Month == month)
                {
                    monthEnd = curve[i].Equity;
                    i++;
                }

                row.Months[month - 1] = Return(previousMonthEnd, monthEnd);
                previousMonthEnd = monthEnd;
            }

            row.Total = Return(previousYearEnd, previousMonthEnd);
            previousYearEnd = previousMonthEnd;
            years.Add(row);
        }

        return years;
    }

    private static double? Return(decimal previous, decimal current) => previous > 0 ? (double)((current - previous) / previous) : null;

    /// <summary>The returns of one calendar year.</summary>
    /// <param name="year">The year.</param>
    internal sealed class YearRow(int year)
    {
        /// <summary>Gets the year.</summary>
        public int Year { get; } = year;

        /// <summary>Gets the returns of January to December; <see langword="null"/> where the month has no points.</summary>
        public double?[] Months { get; } = new double?[12];

        /// <summary>Gets or sets the year's return.</summary>
        public double? Total { get; set; }
    }
}
