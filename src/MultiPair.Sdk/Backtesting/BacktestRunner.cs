using System.Diagnostics.CodeAnalysis;
using System.Reactive.Concurrency;
using System.Runtime.InteropServices;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;

namespace MultiPair.Sdk.Backtesting;

/// <summary>
/// Runs the real engine over historical bars of many pairs on a virtual clock, with shared capital, the risk gate,
/// the allocation and the simulated exchange — the same code paths as live trading.
/// </summary>
/// <remarks>
/// <para>Bars are consumed as a stream in time order (see <see cref="CandleMerger"/>); memory is O(pairs), not O(bars).
/// For each bar time: the clock moves to the bars' open, the simulated exchange fills working orders against those bars
/// (an order placed at the previous close fills at this open: no look-ahead) and the fills are booked; then the clock
/// moves to the close and the engine processes the bars (strategies, decisions, exits); then the equity is recorded.</para>
/// <para>Deterministic: the same inputs give the same trades, curve and statistics.</para>
/// </remarks>
public static class BacktestRunner
{
    // Where Warm's loads go, so that they are not optimized away (never read).
    private static long _warmed;

    /// <summary>Runs a backtest.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="bars">The bars of every pair, in time order (same time: any order).</param>
    /// <param name="progress">Receives the bars processed and the latest equity point, once per bar time.</param>
    /// <param name="cancellationToken">Stops the run between bar times; the partial result is returned.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A bar belongs to no configured pair, is of another timeframe, or goes back in time.</exception>
    public static BacktestResult Run(BacktestOptions options, IEnumerable<Bar> bars, IProgress<BacktestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bars);
        using var enumerator = bars.GetEnumerator();
        return enumerator is IBarBlockReader blocks
            ? RunBlocks(options, blocks, progress, cancellationToken)
            : RunBars(options, enumerator, progress, cancellationToken);
    }

    /// <summary>The bars one by one from any enumerator, each bar time gathered into a list.</summary>
    private static BacktestResult RunBars(BacktestOptions options, IEnumerator<Bar> enumerator, IProgress<BacktestProgress>? progress, CancellationToken cancellationToken)
    {
        var hasBar = enumerator.MoveNext();
        var next = hasBar ? enumerator.Current : default;
        var start = hasBar ? next.OpenTime : DateTimeOffset.UnixEpoch;
        using var run = new BacktestRun(options, start, progress);
        var group = new List<Bar>(options.Pairs.Count);
        var completed = true;
        while (hasBar)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                completed = false;
                break;
            }

            // Each bar is read from the enumerator once (Current copies the whole bar).
            group.Clear();
            var time = next.OpenTime;
            while (hasBar && next.OpenTime == time)
            {
                run.Check(next, group.Count);
                group.Add(next);
                hasBar = enumerator.MoveNext();
                if (hasBar)
                {
                    next = enumerator.Current;
                }
            }

            if (hasBar)
            {
                CheckOrder(next, time);
            }

            run.Step(CollectionsMarshal.AsSpan(group));
        }

        return run.Finish(completed);
    }

    /// <summary>
    /// The bars block by block (the file reader's prefetched batches): a bar time lying inside a block is stepped
    /// straight from it, without copying its bars; only a bar time cut by the end of a block is gathered into a list.
    /// The same checks, steps and cancellation points as <see cref="RunBars"/>.
    /// </summary>
    private static BacktestResult RunBlocks(BacktestOptions options, IBarBlockReader reader, IProgress<BacktestProgress>? progress, CancellationToken cancellationToken)
    {
        var hasBlock = reader.TryReadBlock(out var block) && Warm(block);
        var start = hasBlock ? block[0].OpenTime : DateTimeOffset.UnixEpoch;
        using var run = new BacktestRun(options, start, progress);

        // The bars of a bar time cut by the end of a block (its time is that of its first bar).
        var pending = new List<Bar>(options.Pairs.Count);
        var completed = true;
        while (hasBlock)
        {
            var i = 0;
            if (pending.Count > 0)
            {
                var time = pending[0].OpenTime;
                while (i < block.Length && block[i].OpenTime == time)
                {
                    run.Check(block[i], pending.Count);
                    pending.Add(block[i++]);
                }

                if (i == block.Length)
                {
                    // Still the same bar time at the end of this block.
                    hasBlock = reader.TryReadBlock(out block) && Warm(block);
                    continue;
                }

                CheckOrder(block[i], time);
                run.Step(CollectionsMarshal.AsSpan(pending));
                pending.Clear();
            }

            while (i < block.Length)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return run.Finish(completed: false);
                }

                var time = block[i].OpenTime;
                var end = i;
                while (end < block.Length && block[end].OpenTime == time)
                {
                    run.Check(block[end], end - i);
                    end++;
                }

                if (end == block.Length)
                {
                    // The next block may hold more bars of this time: keep them until it is read.
                    pending.AddRange(block[i..]);
                    break;
                }

                CheckOrder(block[end], time);
                run.Step(block[i..end]);
                i = end;
            }

            hasBlock = reader.TryReadBlock(out block) && Warm(block);
        }

        if (pending.Count > 0)
        {
            run.Step(CollectionsMarshal.AsSpan(pending));
        }

        return run.Finish(completed);
    }

    /// <summary>
    /// Reads every cache line of a block before its bars are processed. The block was written by the reader thread on
    /// the other core: read bar by bar between the engine's work, each line would arrive one at a time (a transfer from
    /// the other core's cache per bar); read in one pass of independent loads, the lines arrive together.
    /// </summary>
    /// <returns>True (for use in a condition).</returns>
    private static bool Warm(ReadOnlySpan<Bar> block)
    {
        long sum = 0;
        for (var i = 0; i < block.Length; i++)
        {
            ref readonly var bar = ref block[i];
            sum ^= bar.OpenTime.UtcTicks ^ BitConverter.DoubleToInt64Bits(bar.Close) ^ BitConverter.DoubleToInt64Bits(bar.Volume) ^ bar.Pair.GetHashCode();
        }

        Volatile.Write(ref _warmed, sum);
        return true;
    }

    /// <summary>Throws when the bar after a bar time opens before it (<see cref="Run"/>'s <c>bars</c> are out of order).</summary>
    [SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly", Justification = "Reported against Run's parameter, whose bars this checks.")]
    [SuppressMessage("Design", "MA0015:Specify the parameter name in ArgumentException", Justification = "Reported against Run's parameter, whose bars this checks.")]
    private static void CheckOrder(in Bar next, DateTimeOffset time)
    {
        if (next.OpenTime < time)
        {
            throw new ArgumentException($"Bars must come in time order: {next.Pair} at {next.OpenTime:O} follows {time:O}.", "bars");
        }
    }

    /// <summary>
    /// Passes orders to the simulated exchange and reports back to the engine, noting each report on the way: the
    /// runner learns exit prices without subscribing to the engine's streams (no scheduler on the hot path).
    /// </summary>
    private sealed class RecordingGateway(IOrderGateway inner, Action<OrderRequest, ExecutionReport> record) : IOrderGateway
    {
        public void Send(OrderRequest order, IExecutionSink sink) => inner.Send(order, new RecordingSink(order, sink, record));

        public void Cancel(ClientOrderId clientOrderId, IExecutionSink sink) => inner.Cancel(clientOrderId, sink);

        private sealed class RecordingSink(OrderRequest order, IExecutionSink sink, Action<OrderRequest, ExecutionReport> record) : IExecutionSink
        {
            public void Report(ExecutionReport report)
            {
                record(order, report);
                sink.Report(report);
            }
        }
    }

    /// <summary>One backtest's wiring: a ledger, gate, coordinator, simulated exchange and engine on a virtual clock.</summary>
    private sealed class BacktestRun : IDisposable
    {
        private readonly BacktestOptions _options;
        private readonly VirtualClock _time;
        private readonly PortfolioManager _ledger;
        private readonly RiskGate _gate;
        private readonly EntryCoordinator _coordinator;
        private readonly SimulatedExchange _exchange;
        private readonly PortfolioEngine _engine;
        private readonly Dictionary<TradingPair, BacktestPair> _pairs;
        private readonly Dictionary<PositionId, (decimal Quantity, decimal Notional)> _exits = [];
        private readonly List<EquityPoint> _curve = [];
        private readonly IProgress<BacktestProgress>? _progress;
        private decimal _peak;
        private long _count;

        // The pairs checked at each place of the last time step.
        private TradingPair[] _checked = [];

        public BacktestRun(BacktestOptions options, DateTimeOffset start, IProgress<BacktestProgress>? progress)
        {
            _options = options;
            _progress = progress;
            _pairs = options.Pairs.ToDictionary(p => p.Pair);
            _time = new VirtualClock(start);
            _ledger = new PortfolioManager(options.Portfolio, _time);
            foreach (var pair in options.Pairs)
            {
                var registered = _ledger.RegisterPair(pair.Config);
                if (!registered.IsSuccess)
                {
                    throw new ArgumentException(registered.Error.ToString(), nameof(options));
                }
            }

            var instruments = options.Pairs.Where(p => p.Instrument is not null).Select(p => p.Instrument!).ToList();
            _gate = new RiskGate(_ledger, options.Rules, options.Gate, instruments, _time);
            _coordinator = new EntryCoordinator(_gate, options.Allocation, options.Coordinator);
            _exchange = new SimulatedExchange(options.Exchange with { Instruments = instruments.ToDictionary(i => i.Pair) }, _time);
            _engine = new PortfolioEngine(
                _ledger,
                _gate,
                _coordinator,
                new RecordingGateway(_exchange, RecordExit),
                options.Pairs.Select(p => new PairSetup { Pair = p.Pair, Strategy = p.Strategy, StrategyId = p.Sleeve, InputTimeframe = options.Timeframe }),
                options.Engine,
                _time,
                ImmediateScheduler.Instance);
            _peak = options.Portfolio.TotalCapital;
        }

        public void Check(in Bar bar, int place)
        {
            // Each time step lists the pairs in the same order: the pair checked at the same place is compared first.
            if (_checked.Length <= place)
            {
                Array.Resize(ref _checked, Math.Max(place + 1, _checked.Length * 2));
            }

            if (!bar.Pair.IsDefault && _checked[place] == bar.Pair && bar.Timeframe == _options.Timeframe)
            {
                return;
            }

            if (!_pairs.ContainsKey(bar.Pair))
            {
                throw new ArgumentException($"A bar of {bar.Pair} at {bar.OpenTime:O} belongs to no configured pair.", nameof(bar));
            }

            if (bar.Timeframe != _options.Timeframe)
            {
                throw new ArgumentException($"A {bar.Timeframe} bar of {bar.Pair} at {bar.OpenTime:O} is not of the backtest's timeframe {_options.Timeframe}.", nameof(bar));
            }

            _checked[place] = bar.Pair;
        }

        public void Step(ReadOnlySpan<Bar> bars)
        {
            // The exchange only queues its reports in the engine until ProcessPending: one call for the whole step.
            Advance(bars[0].OpenTime);
            _exchange.OnBars(bars);
            _engine.ProcessPending();
            var close = bars[0].CloseTime;
            Advance(close);
            _engine.ProcessBars(bars);

            var point = Point(close);
            _curve.Add(point);
            _count += bars.Length;
            _progress?.Report(new BacktestProgress(_count, point));
        }

        public BacktestResult Finish(bool completed)
        {
            _engine.Flush();
            var end = _time.GetUtcNow();
            if (_options.CloseOpenPositionsAtEnd)
            {
                foreach (var position in _ledger.GetPositions())
                {
                    var price = _ledger.GetPrice(position.Pair) ?? position.CurrentPrice;
                    var fee = Fee.InQuote(decimal.Round(position.Quantity * price * _options.Exchange.TakerFeeBps / 10_000m, 8));
                    if (_ledger.ClosePosition(position.Id, price, fee, ExitReason.Manual).IsSuccess)
                    {
                        Add(position.Id, position.Quantity, position.Quantity * price);
                    }
                }

                if (_curve.Count > 0)
                {
                    _curve[^1] = Point(end);
                }
            }

            // Closed positions by close time, then id (ordinal).
            var closed = _ledger.GetClosedStatesByCloseTime();
            var trades = new List<TradeRecord>(closed.Length);
            foreach (var position in closed)
            {
                trades.Add(ToTrade(position));
            }

            var statistics = BacktestStatistics.Compute(_curve, trades, _options.Portfolio.TotalCapital, _options.Timeframe);
            return new BacktestResult(trades, _curve, statistics, _ledger.GetPortfolioMetrics(), _count, completed);
        }

        public void Dispose()
        {
            _engine.Dispose();
            _coordinator.Dispose();
            _gate.Dispose();
        }

        private void Advance(DateTimeOffset time) => _time.AdvanceTo(time);

        private EquityPoint Point(DateTimeOffset time)
        {
            var (equity, cash, gross) = _ledger.GetEquitySummary();
            _peak = Math.Max(_peak, equity);
            var drawdown = _peak > 0m ? (double)((_peak - equity) / _peak) : 0.0;
            return new EquityPoint(time, equity, cash, gross, drawdown);
        }

        /// <summary>Records the exit fills of reduce-only orders (the engine's closes), for each trade's average exit price.</summary>
        private void RecordExit(OrderRequest order, ExecutionReport report)
        {
            if (order.ReduceOnly && report.Fill is { } fill && order.PositionId is { } id)
            {
                Add(id, fill.Quantity, fill.Quantity * fill.Price);
            }
        }

        private void Add(PositionId id, decimal quantity, decimal notional)
        {
            var (q, n) = _exits.GetValueOrDefault(id);
            _exits[id] = (q + quantity, n + notional);
        }

        /// <summary>A closed position's trade: the same values its view would give (entry price, current price).</summary>
        private TradeRecord ToTrade(PositionState position)
        {
            var (quantity, notional) = _exits.GetValueOrDefault(position.Id);
            var exitPrice = quantity > 0m ? notional / quantity : PortfolioManager.MarkOf(position);
            return new TradeRecord(
                position.Id,
                position.Pair,
                position.Strategy,
                position.Side,
                position.OpenedAt,
                position.AverageEntryPrice,
                position.ClosedAt ?? position.OpenedAt,
                exitPrice,
                position.EntryQuantity,
                position.FeesPaid,
                position.RealizedPnl,
                position.LastExitReason);
        }
    }
}
