using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.MarketData;

/// <summary>
/// An aggregator whose only target is the input timeframe passes such bars through as they are; the general path
/// (opening the slot with the bar and closing it at once) must give the same rejections, the same emitted bars (open
/// time offset included) and the same forming state, over random sequences of bars (gaps, duplicates, bars out of
/// order, misaligned, with a non-UTC offset), ticks, trades and clock moves. So must the engine's way in
/// (<see cref="BarAggregator.TryPassThrough"/>, the caller emitting an accepted bar itself, else <see cref="BarAggregator.OnBar"/>).
/// </summary>
public sealed class BarAggregatorPassThroughTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly DateTimeOffset Start = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 200; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomInputs_PassThroughEqualsGeneralPath(int seed)
    {
        var random = new Random(seed);
        var timeframe = random.Next(2) == 0 ? Timeframe.OneHour : Timeframe.FifteenMinutes;
        var fastSink = new RecordingSink();
        var slowSink = new RecordingSink();
        var fast = new BarAggregator(Btc, [timeframe], fastSink);
        var slow = new BarAggregator(Btc, [timeframe], slowSink) { AllowPassThrough = false };
        var engineSink = new RecordingSink();
        var engine = new BarAggregator(Btc, [timeframe], engineSink);
        var step = timeframe.Duration;
        var time = Start;
        for (var i = 0; i < 200; i++)
        {
            var kind = random.Next(20);
            if (kind < 14)
            {
                // Mostly the next bar; sometimes a gap, the same bar again, an older one or a misaligned one.
                var open = random.Next(10) switch
                {
                    0 => time + (step * random.Next(2, 6)),
                    1 => time - step,
                    2 => time - (step * random.Next(2, 4)),
                    3 when random.Next(3) == 0 => time + TimeSpan.FromMinutes(random.Next(1, 14)),
                    _ => time,
                };
                var offset = random.Next(6) == 0 ? TimeSpan.FromHours(random.Next(-5, 6)) : TimeSpan.Zero;
                var low = 100 + random.NextDouble() * 10;
                var bar = new Bar(Btc, random.Next(30) == 0 ? Timeframe.OneMinute : timeframe, open.ToOffset(offset), low + 1, low + 2.5, low, low + 0.5, random.NextDouble() * 1_000);
                var expected = slow.OnBar(bar);
                fast.OnBar(bar).ShouldBe(expected);
                if (engine.TryPassThrough(bar, out var rejection))
                {
                    if (rejection == DataRejection.None)
                    {
                        engineSink.OnBarClosed(bar);
                    }
                }
                else
                {
                    rejection = engine.OnBar(bar);
                }

                rejection.ShouldBe(expected);
                if (open >= time)
                {
                    time = open + step;
                }
            }
            else if (kind < 16)
            {
                var at = time + TimeSpan.FromMinutes(random.Next(-30, 90));
                var tick = new PriceTick(Btc, at, 100, 101);
                fast.OnTick(tick).ShouldBe(slow.OnTick(tick));
                engine.OnTick(tick);
            }
            else if (kind < 17)
            {
                var at = time + TimeSpan.FromMinutes(random.Next(-30, 90));
                fast.OnTrade(Btc, at, 100.5, 2).ShouldBe(slow.OnTrade(Btc, at, 100.5, 2));
                engine.OnTrade(Btc, at, 100.5, 2);
            }
            else
            {
                var at = time + TimeSpan.FromMinutes(random.Next(-60, 180));
                fast.AdvanceTo(at);
                slow.AdvanceTo(at);
                engine.AdvanceTo(at);
            }

            fast.TryGetForming(timeframe, out var fastForming).ShouldBe(slow.TryGetForming(timeframe, out var slowForming));
            fastForming.ToString().ShouldBe(slowForming.ToString());
            fastSink.Bars.Select(b => b.ToString()).ShouldBe(slowSink.Bars.Select(b => b.ToString()));
            engineSink.Bars.Select(b => b.ToString()).ShouldBe(slowSink.Bars.Select(b => b.ToString()));
            engine.TryGetForming(timeframe, out var engineForming).ShouldBe(slow.TryGetForming(timeframe, out _));
            engineForming.ToString().ShouldBe(slowForming.ToString());
        }
    }
}
