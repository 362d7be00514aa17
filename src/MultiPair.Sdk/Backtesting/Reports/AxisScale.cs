namespace MultiPair.Sdk.Backtesting;

/// <summary>A value axis with "nice" round bounds and tick step (1, 2, 2.5 or 5 times a power of ten).</summary>
/// <param name="Min">The lower bound, a multiple of <paramref name="Step"/>.</param>
/// <param name="Max">The upper bound, a multiple of <paramref name="Step"/>.</param>
/// <param name="Step">The distance between ticks.</param>
internal sealed record AxisScale(double Min, double Max, double Step)
{
    /// <summary>Gets the decimals needed to write every tick exactly.</summary>
    public int Decimals
    {
        get
        {
            for (int decimals = 0; decimals < 10; decimals++)
            {
                double scaled = Step * Math.Pow(10, decimals);
                if (Math.Abs(scaled - Math.Round(scaled)) < 1e-6 * Math.Max(1, scaled))
                {
                    return decimals;
                }
            }

            return 10;
        }
    }

    /// <summary>Gets the tick values from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public IReadOnlyList<double> Ticks
    {
        get
        {
            int count = (int)Math.Round((Max - Min) / Step);
            var ticks = new double[count + 1];
            for (int i = 0; i <= count; i++)
            {
                double tick = Min + (i * Step);
                ticks[i] = Math.Abs(tick) < Step * 1e-9 ? 0 : tick;
            }

            return ticks;
        }
    }

    /// <summary>Builds a scale covering [<paramref name="min"/>, <paramref name="max"/>] with at most about <paramref name="maxTicks"/> ticks.</summary>
    /// <param name="min">The smallest value to show.</param>
    /// <param name="max">The largest value to show.</param>
    /// <param name="maxTicks">The most ticks wanted (at least 2).</param>
    /// <returns>The scale; a range of zero width is widened around its value.</returns>
    public static AxisScale Nice(double min, double max, int maxTicks = 6)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            min = 0;
            max = 1;
        }

        if (min > max)
        {
            (min, max) = (max, min);
        }

        if (max - min <= Math.Max(Math.Abs(min), Math.Abs(max)) * 1e-12)
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.01;
            min -= pad;
            max += pad;
        }

        maxTicks = Math.Max(2, maxTicks);
        double step = NiceStep((max - min) / (maxTicks - 1));
        double niceMin = Math.Floor((min / step) + 1e-9) * step;
        double niceMax = Math.Ceiling((max / step) - 1e-9) * step;
        while ((niceMax - niceMin) / step > maxTicks - 1 + 1e-9)
        {
            step = NiceStep(step * 1.01);
            niceMin = Math.Floor((min / step) + 1e-9) * step;
            niceMax = Math.Ceiling((max / step) - 1e-9) * step;
        }

        return new AxisScale(niceMin, niceMax, step);
    }

    /// <summary>Maps a value to a coordinate: <see cref="Min"/> to <paramref name="low"/>, <see cref="Max"/> to <paramref name="high"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="low">The coordinate of <see cref="Min"/>.</param>
    /// <param name="high">The coordinate of <see cref="Max"/>.</param>
    /// <returns>The coordinate.</returns>
    public double Map(double value, double low, double high) => low + ((value - Min) / (Max - Min) * (high - low));

    private static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        double nice = fraction switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 2.5 => 2.5,
            <= 5 => 5,
            _ => 10,
        };
        return nice * power;
    }
}
