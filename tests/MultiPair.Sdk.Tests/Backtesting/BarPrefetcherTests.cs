using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Backtesting;

public sealed class BarPrefetcherTests : IDisposable
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly TradingPair Eth = new("ETH", "USDT");
    private static readonly DateTimeOffset T0 = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempCandleDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadBlocks_MixedWithMoveNext_GiveTheSourceSequenceOnce()
    {
        // A block is every bar after the one last returned, up to the end of the batch it lies in (valid until the
        // next call); blocks and MoveNext can be mixed, and Current is the block's last bar afterwards.
        var input = Gen.Choose(0, 200).Zip(Gen.Choose(1, 13)).Zip(Gen.ListOf(Gen.Elements(true, false)));
        Prop.ForAll(Arb.From(input), (Action<((int Count, int Batch), List<bool> Steps)>)(test =>
        {
            var bars = Hours(Btc, test.Item1.Count).ToList();
            var read = new List<Bar>();
            using var enumerator = new BarPrefetcher(bars, test.Item1.Batch, depth: 2).GetEnumerator();
            var reader = (IBarBlockReader)enumerator;
            var step = 0;
            while (true)
            {
                var useBlock = test.Steps.Count > 0 && test.Steps[step++ % test.Steps.Count];
                if (useBlock)
                {
                    if (!reader.TryReadBlock(out var block))
                    {
                        break;
                    }

                    block.Length.ShouldBeGreaterThan(0);
                    block.Length.ShouldBeLessThanOrEqualTo(test.Item1.Batch);
                    read.AddRange(block.ToArray());
                    enumerator.Current.ShouldBe(block[^1]);
                }
                else if (enumerator.MoveNext())
                {
                    read.Add(enumerator.Current);
                }
                else
                {
                    break;
                }
            }

            read.ShouldBe(bars);
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Enumerate_AnyLengthBatchAndDepth_GivesTheSourceSequence()
    {
        var input = Gen.Choose(0, 300).Zip(Gen.Choose(1, 17)).Zip(Gen.Choose(1, 4));
        Prop.ForAll(Arb.From(input), (Action<((int Count, int Batch), int Depth)>)(test =>
        {
            var bars = Hours(Btc, test.Item1.Count).ToList();

            new BarPrefetcher(bars, test.Item1.Batch, test.Depth).ToList().ShouldBe(bars);
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Enumerate_ReadsTheSourceOnAnotherThread()
    {
        var source = new TrackingStream(Hours(Btc, 10));

        var bars = new BarPrefetcher(source, batchSize: 4).ToList();

        bars.Count.ShouldBe(10);
        source.EnumeratedOn.ShouldNotBe(Environment.CurrentManagedThreadId);
        source.Disposed.ShouldBeTrue();
    }

    [Fact]
    public void Enumerate_SourceThrows_BarsBeforeThenTheSameException()
    {
        var error = new InvalidDataException("broken row");
        var seen = new List<Bar>();

        var thrown = Should.Throw<InvalidDataException>(() =>
        {
            foreach (var bar in new BarPrefetcher(Failing(Hours(Btc, 7), error), batchSize: 3))
            {
                seen.Add(bar);
            }
        });

        thrown.ShouldBeSameAs(error);
        seen.ShouldBe(Hours(Btc, 7).ToList());
    }

    [Fact]
    public void OpenMerged_BrokenFile_ThrowsTheReadErrorNamingTheFile()
    {
        var eth = Path.Combine(_dir.Path, CandleCache.FileName(Eth, Timeframe.OneHour));
        CandleCache.Write(Path.Combine(_dir.Path, CandleCache.FileName(Btc, Timeframe.OneHour)), Btc, Timeframe.OneHour, Hours(Btc, 2000));
        CandleCache.Write(eth, Eth, Timeframe.OneHour, Hours(Eth, 2000));
        using (var stream = new FileStream(eth, FileMode.Open))
        {
            stream.SetLength(stream.Length - 10);
        }

        var folder = new CandleFolder(_dir.Path);
        var count = 0;
        var thrown = Should.Throw<CandleDataException>(() =>
        {
            foreach (var bar in folder.OpenMerged([Btc, Eth], Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue))
            {
                count++;
            }
        });

        thrown.Message.ShouldContain(eth);
        thrown.FilePath.ShouldBe(eth);
        count.ShouldBe(0);
    }

    [Fact]
    public void OpenMerged_Files_GivesTheSameSequenceAsTheMergeOnTheCallingThread()
    {
        CandleCache.Write(Path.Combine(_dir.Path, CandleCache.FileName(Btc, Timeframe.OneHour)), Btc, Timeframe.OneHour, Hours(Btc, 3000));
        CandleCache.Write(Path.Combine(_dir.Path, CandleCache.FileName(Eth, Timeframe.OneHour)), Eth, Timeframe.OneHour, Hours(Eth, 2500, first: 300));
        var folder = new CandleFolder(_dir.Path);

        var prefetched = folder.OpenMerged([Eth, Btc], Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).ToList();
        var direct = CandleMerger.Merge([.. new[] { Eth, Btc }.Select(p => folder.Open(p, Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue))]).ToList();

        prefetched.Count.ShouldBe(5500);
        prefetched.ShouldBe(direct);
    }

    [Fact]
    public void Dispose_Early_StopsTheReaderThreadAndDisposesTheSource()
    {
        var source = new TrackingStream(Forever(Btc));

        using (var enumerator = new BarPrefetcher(source, batchSize: 8, depth: 2).GetEnumerator())
        {
            for (var i = 0; i < 5; i++)
            {
                enumerator.MoveNext().ShouldBeTrue();
            }
        }

        // Dispose waited for the thread: the infinite source is disposed and no longer read.
        source.Disposed.ShouldBeTrue();
        var read = source.Read;
        Thread.Sleep(50);
        source.Read.ShouldBe(read);
    }

    [Fact]
    public void Dispose_Early_ClosesTheFiles()
    {
        var path = Path.Combine(_dir.Path, CandleCache.FileName(Btc, Timeframe.OneHour));
        CandleCache.Write(path, Btc, Timeframe.OneHour, Hours(Btc, 50_000));
        var folder = new CandleFolder(_dir.Path);

        var first = folder.OpenMerged([Btc], Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Take(10).ToList();

        // Opening the file for exclusive use fails while a reader still holds it (FileShare is enforced on Unix too).
        first.Count.ShouldBe(10);
        using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        exclusive.Length.ShouldBeGreaterThan(0);
    }

    private static IEnumerable<Bar> Hours(TradingPair pair, int count, int first = 0) =>
        Enumerable.Range(first, count).Select(h => new Bar(pair, Timeframe.OneHour, T0.AddHours(h), 10, 11, 9, 10.5, h));

    private static IEnumerable<Bar> Forever(TradingPair pair)
    {
        for (var h = 0; ; h++)
        {
            yield return new Bar(pair, Timeframe.OneHour, T0.AddHours(h), 10, 11, 9, 10.5, 1);
        }
    }

    private static IEnumerable<Bar> Failing(IEnumerable<Bar> bars, Exception error)
    {
        foreach (var bar in bars)
        {
            yield return bar;
        }

        throw error;
    }

    private sealed class TrackingStream(IEnumerable<Bar> inner) : IEnumerable<Bar>
    {
        private int _read;
        private volatile bool _disposed;

        public bool Disposed => _disposed;

        public int EnumeratedOn { get; private set; }

        public int Read => Volatile.Read(ref _read);

        public IEnumerator<Bar> GetEnumerator()
        {
            EnumeratedOn = Environment.CurrentManagedThreadId;
            try
            {
                foreach (var bar in inner)
                {
                    Interlocked.Increment(ref _read);
                    yield return bar;
                }
            }
            finally
            {
                _disposed = true;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
