namespace MultiPair.Sdk.Indicators;

/// <summary>
/// Streaming Pearson correlation of two series over their last <see cref="Period"/> pairs of values, with the
/// population variances and covariance (divide by n) of the same window.
/// </summary>
/// <remarks>
/// <para>
/// Feed it whatever series should be compared: for two pairs' co-movement that is usually their bar returns
/// (<c>close / previous close − 1</c>), because price levels that both trend correlate spuriously.
/// Skender.Stock.Indicators' <c>ToCorrelation</c>, which the tests compare against, correlates the two series' closes
/// (price levels), and computes the moments from raw sums (<c>Σxy/n − x̄ȳ</c>), which loses about five digits on price
/// levels near 250; this type works on deviations instead (see below), so the two agree to about 1e-11 in the
/// correlation, not to the last digit.
/// </para>
/// <para>
/// Numerically stable: Welford-style sliding updates of the co-moments
/// (<c>Cxy += Δx (y − ȳ') + Δy (x_old − x̄)</c>), recomputed exactly from the two ring buffers once every
/// <see cref="Period"/> updates so rounding never drifts, and at once when a slide shrinks a variance by more than
/// 10⁴ (where the update would cancel most digits). O(1) amortized and allocation-free per update.
/// When either window is flat (zero variance) the correlation is 0, where Skender reports nothing.
/// </para>
/// <para>
/// A sealed class because of its ring buffers. A pair with a non-finite value is ignored (returns
/// <see langword="false"/>, state unchanged): bad data is filtered upstream. Not thread-safe.
/// </para>
/// </remarks>
public sealed class RollingCorrelation
{
    private readonly double[] _x;
    private readonly double[] _y;
    private int _next;
    private int _count;
    private double _shiftX;
    private double _shiftY;
    private double _sumX;
    private double _sumY;
    private double _mxx;
    private double _myy;
    private double _mxy;
    private double _lastX;
    private double _lastY;
    private int _runX;
    private int _runY;

    /// <summary>Initializes a new rolling correlation.</summary>
    /// <param name="period">The number of pairs of values; at least 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is less than 2.</exception>
    public RollingCorrelation(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        _x = new double[period];
        _y = new double[period];
    }

    /// <summary>Gets the period.</summary>
    public int Period => _x.Length;

    /// <summary>Gets a value indicating whether <see cref="Period"/> pairs have been seen and the values are defined.</summary>
    public bool IsReady => _count == _x.Length;

    /// <summary>Gets the Pearson correlation, from −1 to 1; 0 until <see cref="IsReady"/> and when either window is flat.</summary>
    public double Value { get; private set; }

    /// <summary>Gets the square of <see cref="Value"/>.</summary>
    public double RSquared => Value * Value;

    /// <summary>Gets the population covariance of the window; 0 until <see cref="IsReady"/>.</summary>
    public double Covariance { get; private set; }

    /// <summary>Gets the population variance of the first series' window; 0 until <see cref="IsReady"/>.</summary>
    public double VarianceX { get; private set; }

    /// <summary>Gets the population variance of the second series' window; 0 until <see cref="IsReady"/>.</summary>
    public double VarianceY { get; private set; }

    /// <summary>Adds one pair of values, observed at the same time.</summary>
    /// <param name="x">The first series' value.</param>
    /// <param name="y">The second series' value.</param>
    /// <returns><see cref="IsReady"/> after the update; <see langword="false"/> when the pair was ignored.</returns>
    public bool Update(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y))
        {
            return false;
        }

        var n = _x.Length;
        _runX = _count > 0 && x == _lastX ? Math.Min(_runX + 1, n) : 1;
        _runY = _count > 0 && y == _lastY ? Math.Min(_runY + 1, n) : 1;
        _lastX = x;
        _lastY = y;
        if (_count == 0)
        {
            _shiftX = x;
            _shiftY = y;
        }

        var wide = false;
        if (_count == n)
        {
            var (previousX, previousY) = (_mxx, _myy);
            Slide(x - _shiftX, y - _shiftY, n);
            wide = _mxx < previousX * WindowMoments.CancellationRatio || _myy < previousY * WindowMoments.CancellationRatio;
        }
        else
        {
            Grow(x - _shiftX, y - _shiftY);
        }

        _x[_next] = x;
        _y[_next] = y;
        if (++_next == n)
        {
            _next = 0;
            Recompute();
        }
        else if (wide)
        {
            // A window just went from wide to nearly flat: the update cancelled most digits. Start again exactly.
            Recompute();
        }

        if (_count < n)
        {
            return false;
        }

        var flatX = _runX >= n || _mxx <= 0;
        var flatY = _runY >= n || _myy <= 0;
        VarianceX = flatX ? 0.0 : _mxx / n;
        VarianceY = flatY ? 0.0 : _myy / n;
        Covariance = flatX || flatY ? 0.0 : _mxy / n;
        Value = flatX || flatY ? 0.0 : Math.Clamp(_mxy / Math.Sqrt(_mxx * _myy), -1.0, 1.0);
        return true;
    }

    /// <summary>Forgets every value, keeping the period.</summary>
    public void Reset()
    {
        Array.Clear(_x);
        Array.Clear(_y);
        _next = 0;
        _count = 0;
        _shiftX = 0;
        _shiftY = 0;
        _sumX = 0;
        _sumY = 0;
        _mxx = 0;
        _myy = 0;
        _mxy = 0;
        _lastX = 0;
        _lastY = 0;
        _runX = 0;
        _runY = 0;
        Value = 0;
        Covariance = 0;
        VarianceX = 0;
        VarianceY = 0;
    }

    private void Slide(double x, double y, int n)
    {
        var oldX = _x[_next] - _shiftX;
        var oldY = _y[_next] - _shiftY;
        var meanX = _sumX / n;
        var meanY = _sumY / n;
        var dx = x - oldX;
        var dy = y - oldY;
        _sumX += dx;
        _sumY += dy;
        var newMeanX = _sumX / n;
        var newMeanY = _sumY / n;
        _mxx += dx * (x - newMeanX + oldX - meanX);
        _myy += dy * (y - newMeanY + oldY - meanY);
        _mxy += (dx * (y - newMeanY)) + (dy * (oldX - meanX));
    }

    private void Grow(double x, double y)
    {
        var meanX = _count == 0 ? 0.0 : _sumX / _count;
        var meanY = _count == 0 ? 0.0 : _sumY / _count;
        _sumX += x;
        _sumY += y;
        _count++;
        var newMeanX = _sumX / _count;
        var newMeanY = _sumY / _count;
        _mxx += (x - meanX) * (x - newMeanX);
        _myy += (y - meanY) * (y - newMeanY);
        _mxy += (x - meanX) * (y - newMeanY);
    }

    private void Recompute()
    {
        // Re-centre on the latest pair: sums of x − shift stay small, so the means keep the digits the deviations need.
        var xs = _x;
        var ys = _y;
        var n = xs.Length;
        var shiftX = _lastX;
        var shiftY = _lastY;
        double sumX = 0, sumY = 0;
        for (var i = 0; i < n; i++)
        {
            sumX += xs[i] - shiftX;
            sumY += ys[i] - shiftY;
        }

        var meanX = sumX / n;
        var meanY = sumY / n;
        double mxx = 0, myy = 0, mxy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = xs[i] - shiftX - meanX;
            var dy = ys[i] - shiftY - meanY;
            mxx += dx * dx;
            myy += dy * dy;
            mxy += dx * dy;
        }

        _shiftX = shiftX;
        _shiftY = shiftY;
        _sumX = sumX;
        _sumY = sumY;
        _mxx = mxx;
        _myy = myy;
        _mxy = mxy;
    }
}
