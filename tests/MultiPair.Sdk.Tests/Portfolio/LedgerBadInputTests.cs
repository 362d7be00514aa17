using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using static MultiPair.Sdk.Tests.Portfolio.LedgerFixture;

namespace MultiPair.Sdk.Tests.Portfolio;

/// <summary>Every refused change returns a typed error and leaves the ledger exactly as it was.</summary>
public sealed class LedgerBadInputTests
{
    private static readonly PositionId OpenId = new("open-btc");
    private static readonly PositionId ClosedId = new("closed-eth");
    private static readonly PositionId PerpId = new("open-sol");

    public static TheoryData<string, LedgerErrorCode> Cases => new()
    {
        { "add zero price", LedgerErrorCode.InvalidPrice },
        { "add negative price", LedgerErrorCode.InvalidPrice },
        { "add absurd price", LedgerErrorCode.InvalidPrice },
        { "add zero quantity", LedgerErrorCode.InvalidQuantity },
        { "add negative quantity", LedgerErrorCode.InvalidQuantity },
        { "add unknown pair", LedgerErrorCode.UnknownPair },
        { "add default pair", LedgerErrorCode.UnknownPair },
        { "add duplicate open id", LedgerErrorCode.DuplicatePositionId },
        { "add duplicate closed id", LedgerErrorCode.DuplicatePositionId },
        { "add short on spot", LedgerErrorCode.ShortNotAllowed },
        { "add base fee on perpetual", LedgerErrorCode.InvalidFee },
        { "add negative fee", LedgerErrorCode.InvalidFee },
        { "add base fee consuming fill", LedgerErrorCode.FeeExceedsQuantity },
        { "add beyond cash", LedgerErrorCode.InsufficientFunds },
        { "add fee beyond cash", LedgerErrorCode.InsufficientFunds },
        { "add leverage on spot", LedgerErrorCode.InvalidLeverage },
        { "add leverage above max", LedgerErrorCode.InvalidLeverage },
        { "increase zero quantity", LedgerErrorCode.InvalidQuantity },
        { "increase negative price", LedgerErrorCode.InvalidPrice },
        { "increase beyond cash", LedgerErrorCode.InsufficientFunds },
        { "increase closed", LedgerErrorCode.PositionClosed },
        { "increase unknown", LedgerErrorCode.UnknownPosition },
        { "reduce more than held", LedgerErrorCode.CloseExceedsPosition },
        { "reduce all plus base fee", LedgerErrorCode.CloseExceedsPosition },
        { "reduce zero quantity", LedgerErrorCode.InvalidQuantity },
        { "reduce zero price", LedgerErrorCode.InvalidPrice },
        { "reduce closed", LedgerErrorCode.PositionClosed },
        { "reduce unknown", LedgerErrorCode.UnknownPosition },
        { "close negative price", LedgerErrorCode.InvalidPrice },
        { "close base fee above holding", LedgerErrorCode.FeeExceedsQuantity },
        { "close perpetual with base fee", LedgerErrorCode.InvalidFee },
        { "update zero price", LedgerErrorCode.InvalidPrice },
        { "update closed", LedgerErrorCode.PositionClosed },
        { "mark unknown pair", LedgerErrorCode.UnknownPair },
        { "mark negative price", LedgerErrorCode.InvalidPrice },
        { "register duplicate", LedgerErrorCode.PairAlreadyRegistered },
        { "register other quote", LedgerErrorCode.QuoteAssetMismatch },
        { "register invalid", LedgerErrorCode.InvalidConfiguration },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Change_BadInput_FailsWithTypedErrorAndLeavesLedgerUnchanged(string change, LedgerErrorCode expected)
    {
        var manager = Seeded();
        var before = Snapshot(manager);

        var error = Apply(manager, change);

        error.ShouldNotBeNull();
        error.Code.ShouldBe(expected);
        error.Message.ShouldNotBeNullOrWhiteSpace();
        Snapshot(manager).ShouldBe(before);
    }

    private static PortfolioManager Seeded()
    {
        var manager = Create(capital: 50_000m);
        manager.AddPosition(Open(OpenId.Value, Btc, 0.5m, 40_000m, fee: Fee.InQuote(20m))).IsSuccess.ShouldBeTrue();
        manager.AddPosition(Open(ClosedId.Value, Eth, 2m, 1_000m)).IsSuccess.ShouldBeTrue();
        manager.ClosePosition(ClosedId, 1_100m, Fee.InQuote(2.2m)).IsSuccess.ShouldBeTrue();
        manager.AddPosition(Open(PerpId.Value, Sol, 100m, 20m, PositionSide.Short)).IsSuccess.ShouldBeTrue();
        manager.UpdatePrice(Btc, 41_000m).IsSuccess.ShouldBeTrue();
        return manager;
    }

    private static LedgerError? Apply(PortfolioManager m, string change) => change switch
    {
        "add zero price" => m.AddPosition(Open("n", Btc, 0.1m, 0m)).Error,
        "add negative price" => m.AddPosition(Open("n", Btc, 0.1m, -1m)).Error,
        "add absurd price" => m.AddPosition(Open("n", Btc, 0.1m, decimal.MaxValue)).Error,
        "add zero quantity" => m.AddPosition(Open("n", Btc, 0m, 40_000m)).Error,
        "add negative quantity" => m.AddPosition(Open("n", Btc, -0.1m, 40_000m)).Error,
        "add unknown pair" => m.AddPosition(Open("n", new TradingPair("XRP", "USDT"), 1m, 1m)).Error,
        "add default pair" => m.AddPosition(Open("n", default, 1m, 1m)).Error,
        "add duplicate open id" => m.AddPosition(Open(OpenId.Value, Btc, 0.1m, 40_000m)).Error,
        "add duplicate closed id" => m.AddPosition(Open(ClosedId.Value, Eth, 1m, 1_000m)).Error,
        "add short on spot" => m.AddPosition(Open("n", Btc, 0.1m, 40_000m, PositionSide.Short)).Error,
        "add base fee on perpetual" => m.AddPosition(Open("n", Sol, 1m, 20m, fee: Fee.InBase(0.001m))).Error,
        "add negative fee" => m.AddPosition(Open("n", Btc, 0.1m, 40_000m, fee: Fee.InQuote(-1m))).Error,
        "add base fee consuming fill" => m.AddPosition(Open("n", Btc, 0.1m, 40_000m, fee: Fee.InBase(0.1m))).Error,
        "add beyond cash" => m.AddPosition(Open("n", Btc, 1m, 40_000m)).Error,
        "add fee beyond cash" => m.AddPosition(Open("n", Eth, 1m, 1_000m, fee: Fee.InQuote(40_000m))).Error,
        "add leverage on spot" => m.AddPosition(Open("n", Btc, 0.1m, 40_000m) with { Leverage = 2m }).Error,
        "add leverage above max" => m.AddPosition(Open("n", Sol, 1m, 20m) with { Leverage = 126m }).Error,
        "increase zero quantity" => m.IncreasePosition(OpenId, 0m, 40_000m).Error,
        "increase negative price" => m.IncreasePosition(OpenId, 0.1m, -40_000m).Error,
        "increase beyond cash" => m.IncreasePosition(OpenId, 10m, 40_000m).Error,
        "increase closed" => m.IncreasePosition(ClosedId, 1m, 1_000m).Error,
        "increase unknown" => m.IncreasePosition(new PositionId("nope"), 1m, 1m).Error,
        "reduce more than held" => m.ReducePosition(OpenId, 0.50000001m, 40_000m).Error,
        "reduce all plus base fee" => m.ReducePosition(OpenId, 0.5m, 40_000m, Fee.InBase(0.0005m)).Error,
        "reduce zero quantity" => m.ReducePosition(OpenId, 0m, 40_000m).Error,
        "reduce zero price" => m.ReducePosition(OpenId, 0.1m, 0m).Error,
        "reduce closed" => m.ReducePosition(ClosedId, 1m, 1_000m).Error,
        "reduce unknown" => m.ReducePosition(new PositionId("nope"), 1m, 1m).Error,
        "close negative price" => m.ClosePosition(OpenId, -5m).Error,
        "close base fee above holding" => m.ClosePosition(OpenId, 40_000m, Fee.InBase(0.5m)).Error,
        "close perpetual with base fee" => m.ClosePosition(PerpId, 20m, Fee.InBase(1m)).Error,
        "update zero price" => m.UpdatePosition(OpenId, 0m).Error,
        "update closed" => m.UpdatePosition(ClosedId, 1_000m).Error,
        "mark unknown pair" => m.UpdatePrice(new TradingPair("XRP", "USDT"), 1m).Error,
        "mark negative price" => m.UpdatePrice(Btc, -1m).Error,
        "register duplicate" => m.RegisterPair(new PairConfig { Pair = Btc }).Error,
        "register other quote" => m.RegisterPair(new PairConfig { Pair = new TradingPair("ETH", "BTC") }).Error,
        "register invalid" => m.RegisterPair(new PairConfig { Pair = new TradingPair("ADA", "USDT"), PositionSizePercent = -5m }).Error,
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "Unknown change."),
    };
}
