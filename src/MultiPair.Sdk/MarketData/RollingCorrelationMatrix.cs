using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>
/// Rolling statistics of bar-to-bar returns for many pairs: the last <see cref="Window"/> simple returns of each pair,
/// keyed by bar time, so the Pearson correlation of any two pairs is taken over the bars both have (a gap in one pair
/// does not misalign the other), and each pair's return volatility.
/// </summary>
/// <remarks>
/// Not thread-safe for writes: update it from the portfolio's event loop (one <see cref="Update"/> per closed bar).
/// Updates are O(1) and allocation-free after warm-up; a correlation query is O(window).
/// </remarks>
public sealed class RollingCorrelationMatrix
{
    private readonly Dictionary<TradingPair, Series> _series = [];

    /// <summary>Initializes a new matrix.</summary>
    /// <param name="window">How many returns per pair to keep; at least 3.</param>
    /// <param name="minimumOverlap">How many common bars two pairs need before their correlation is reported; at least 3 and at most <paramref name="window"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public RollingCorrelationMatrix(int window = 100, int minimumOverlap = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumOverlap, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumOverlap, window);
        Window = window;
        MinimumOverlap = minimumOverlap;
    }

    /// <summary>Gets how many returns per pair are kept.</summary>
    public int Window { get; }

    /// <summary>Gets how many common bars two pairs need before a correlation is reported.</summary>
    public int MinimumOverlap { get; }

    /// <summary>Records a pair's closed bar. Bars at or before the pair's last bar time, and non-positive or non-finite closes, are ignored.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="barTime">The bar's open (or close) time; the same convention for every pair.</param>
    /// <param name="close">The close price.</param>
    /// <returns><see langword="true"/> when the bar was recorded.</returns>
    public bool Update(TradingPair pair, DateTimeOffset barTime, double close)
    {
        if (!double.IsFinite(close) || close <= 0)
        {
            return false;
        }

        if (!_series.TryGetValue(pair, out var series))
        {
            series = new Series(Window);
            _series.Add(pair, series);
        }

        return series.Add(barTime.UtcTicks, close);
    }

    /// <summary>Gets the correlation of two pairs' returns over the bars both have in the window.</summary>
    /// <param name="first">One pair.</param>
    /// <param name="second">The other pair.</param>
    /// <returns>The correlation in [-1, 1]; 1 for a pair with itself; <see langword="null"/> with too little overlap or a constant series.</returns>
    public double? Correlation(TradingPair first, TradingPair second)
    {
        if (!_series.TryGetValue(first, out var a) || !_series.TryGetValue(second, out var b))
        {
            return null;
        }

        if (first == second)
        {
            return a.Count >= MinimumOverlap ? 1.0 : null;
        }

        double n = 0, sumA = 0, sumB = 0, sumAa = 0, sumBb = 0, sumAb = 0;
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var ta = a.TimeAt(i);
            var tb = b.TimeAt(j);
            if (ta < tb)
            {
                i++;
            }
            else if (tb < ta)
            {
                j++;
            }
            else
            {
                var x = a.ReturnAt(i++);
                var y = b.ReturnAt(j++);
                n++;
                sumA += x;
                sumB += y;
                sumAa += x * x;
                sumBb += y * y;
                sumAb += x * y;
            }
        }

        if (n < MinimumOverlap)
        {
            return null;
        }

        var covariance = sumAb - (sumA * sumB / n);
        var varianceA = sumAa - (sumA * sumA / n);
        var varianceB = sumBb - (sumB * sumB / n);
        if (varianceA <= 0 || varianceB <= 0)
        {
            return null;
        }

        return Math.Clamp(covariance / Math.Sqrt(varianceA * varianceB), -1.0, 1.0);
    }

    /// <summary>Gets the standard deviation of a pair's returns over the window (population).</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The volatility per bar, or <see langword="null"/> before <see cref="MinimumOverlap"/> returns.</returns>
    public double? Volatility(TradingPair pair)
    {
        if (!_series.TryGetValue(pair, out var series) || series.Count < MinimumOverlap)
        {
            return null;
        }

        double sum = 0, sumSquares = 0;
        for (var i = 0; i < series.Count; i++)
        {
            var r = series.ReturnAt(i);
            sum += r;
            sumSquares += r * r;
        }

        var mean = sum / series.Count;
        return Math.Sqrt(Math.Max(0, (sumSquares / series.Count) - (mean * mean)));
    }

    /// <summary>One pair's ring buffer of (bar time, return).</summary>
    private sealed class Series(int capacity)
    {
        private readonly long[] _times = new long[capacity];
        private readonly double[] _returns = new double[capacity];
        private int _start;
        private long _lastTime = long.MinValue;
        private double _lastClose = double.NaN;

        public int Count { get; private set; }

        public bool Add(long time, double close)
        {
            if (time <= _lastTime)
            {
                return false;
            }

            var previous = _lastClose;
            _lastTime = time;
            _lastClose = close;
            if (double.IsNaN(previous))
            {
                return true;
            }

            var index = (_start + Count) % _times.Length;
            if (Count == _times.Length)
            {
                _start = (_start + 1) % _times.Length;
            }
            else
            {
                Count++;
            }

            _times[index] = time;
            _returns[index] = (close / previous) - 1.0;
            return true;
        }

        public long TimeAt(int i) => _times[(_start + i) % _times.Length];

        public double ReturnAt(int i) => _returns[(_start + i) % _returns.Length];
    }
}
