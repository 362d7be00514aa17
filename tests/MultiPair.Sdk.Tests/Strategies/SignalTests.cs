using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Tests.Strategies;

public sealed class SignalTests
{
    private static readonly TradingPair Sol = new("SOL", "USDT");

    [Fact]
    public void Constructor_ValidValues_KeepsThem()
    {
        var signal = new Signal(Sol, SignalDirection.Short, 0.8, DateTimeOffset.UnixEpoch)
        {
            Strategy = new StrategyId("ema-cross"),
            StopLoss = 22m,
            TakeProfit = 15m,
            Reason = "EMA 240 crossed below EMA 600",
        };

        signal.Confidence.ShouldBe(0.8);
        signal.Strategy.Value.ShouldBe("ema-cross");
        signal.StopLoss.ShouldBe(22m);
        signal.TakeProfit.ShouldBe(15m);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_ConfidenceOutsideUnitRange_Throws(double confidence)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new Signal(Sol, SignalDirection.Long, confidence, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Init_NonPositiveStop_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new Signal(Sol, SignalDirection.Long, 0.5, DateTimeOffset.UnixEpoch) { StopLoss = 0m });
        Should.Throw<ArgumentOutOfRangeException>(() => new Signal(Sol, SignalDirection.Long, 0.5, DateTimeOffset.UnixEpoch) { TakeProfit = -1m });
        Should.Throw<ArgumentException>(() => new Signal(default, SignalDirection.Long, 0.5, DateTimeOffset.UnixEpoch));
    }
}
