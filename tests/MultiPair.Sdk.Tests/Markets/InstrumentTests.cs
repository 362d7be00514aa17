using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Markets;

/// <summary>
/// Filter values come from real Binance exchangeInfo captures (nautilus_trader's http_responses test resources,
/// spot Oct 2021 and USDⓈ-M futures Feb 2022, in /work/shared/fixtures/binance) and Bybit's V5 linear symbols sample.
/// ETHBTC uses Binance's live spot filters (tickSize 0.000001, stepSize 0.0001).
/// </summary>
public sealed class InstrumentTests
{
    // Spot BTCUSDT: PRICE_FILTER min 0.01 max 1000000 tick 0.01; LOT_SIZE min 0.00001 max 9000 step 0.00001; MIN_NOTIONAL 10.
    private static readonly Instrument SpotBtcUsdt = new(
        new TradingPair("BTC", "USDT"), MarketType.Spot, tickSize: 0.01000000m, stepSize: 0.00001000m,
        minQuantity: 0.00001000m, maxQuantity: 9000.00000000m, minNotional: 10.00000000m,
        minPrice: 0.01000000m, maxPrice: 1000000.00000000m);

    // Spot ETHUSDT: tick 0.01; LOT_SIZE min 0.0001 max 9000 step 0.0001; MIN_NOTIONAL 10.
    private static readonly Instrument SpotEthUsdt = new(
        new TradingPair("ETH", "USDT"), MarketType.Spot, tickSize: 0.01m, stepSize: 0.0001m,
        minQuantity: 0.0001m, maxQuantity: 9000m, minNotional: 10m, minPrice: 0.01m, maxPrice: 1000000m);

    // Spot ETHBTC: tick 0.000001, step 0.0001, min notional 0.0001 BTC.
    private static readonly Instrument SpotEthBtc = new(
        new TradingPair("ETH", "BTC"), MarketType.Spot, tickSize: 0.000001m, stepSize: 0.0001m,
        minQuantity: 0.0001m, maxQuantity: 100000m, minNotional: 0.0001m, minPrice: 0.000001m, maxPrice: 922327m);

    // USDⓈ-M BTCUSDT perpetual: PRICE_FILTER min 402 max 1246396.60 tick 0.10; LOT_SIZE min 0.001 max 1000 step 0.001; MIN_NOTIONAL 10.
    private static readonly Instrument PerpBtcUsdt = new(
        new TradingPair("BTC", "USDT"), MarketType.LinearPerpetual, tickSize: 0.10m, stepSize: 0.001m,
        minQuantity: 0.001m, maxQuantity: 1000m, minNotional: 10m, minPrice: 402m, maxPrice: 1246396.60m);

    // USDⓈ-M ETHUSDT perpetual: minPrice 28.23 (the tick grid starts there), tick 0.01.
    private static readonly Instrument PerpEthUsdt = new(
        new TradingPair("ETH", "USDT"), MarketType.LinearPerpetual, tickSize: 0.01m, stepSize: 0.001m,
        minQuantity: 0.001m, maxQuantity: 10000m, minNotional: 10m, minPrice: 28.23m, maxPrice: 144004.03m);

    [Theory]
    [InlineData(61234.56, 0.00123)]
    [InlineData(0.01, 1000)]
    [InlineData(1000000, 9000)]
    [InlineData(10000, 0.001)]
    public void Validate_SpotBtcUsdtValidOrder_IsValid(decimal price, decimal quantity)
    {
        var check = SpotBtcUsdt.Validate(price, quantity);

        check.IsValid.ShouldBeTrue(check.Message);
        check.Failed.ShouldBe(InstrumentFilter.None);
        check.ShouldBe(FilterCheck.Success);
    }

    [Theory]
    [InlineData(0, 0.001, InstrumentFilter.PriceNotPositive)]
    [InlineData(-61234.56, 0.001, InstrumentFilter.PriceNotPositive)]
    [InlineData(61234.56, 0, InstrumentFilter.QuantityNotPositive)]
    [InlineData(61234.56, -0.001, InstrumentFilter.QuantityNotPositive)]
    [InlineData(0.009, 1000, InstrumentFilter.MinPrice)]
    [InlineData(1000000.01, 0.001, InstrumentFilter.MaxPrice)]
    [InlineData(61234.567, 0.001, InstrumentFilter.TickSize)]
    [InlineData(61234.56, 0.000009, InstrumentFilter.MinQuantity)]
    [InlineData(61234.56, 9000.00001, InstrumentFilter.MaxQuantity)]
    [InlineData(61234.56, 0.000015, InstrumentFilter.StepSize)]
    [InlineData(61234.56, 0.00016, InstrumentFilter.MinNotional)]
    public void Validate_SpotBtcUsdtBrokenRule_NamesFilter(decimal price, decimal quantity, InstrumentFilter expected)
    {
        var check = SpotBtcUsdt.Validate(price, quantity);

        check.IsValid.ShouldBeFalse();
        check.Failed.ShouldBe(expected);
        check.Message.ShouldContain("BTC/USDT");
        check.Message.ShouldContain(expected.ToString());
        check.ToString().ShouldBe(check.Message);
    }

    [Fact]
    public void Validate_OffTick_MessageHasPriceAndTick()
    {
        var check = SpotBtcUsdt.Validate(61234.567m, 0.001m);

        check.Actual.ShouldBe(61234.567m);
        check.Limit.ShouldBe(0.01m);
        check.Message.ShouldContain("61234.567");
        check.Message.ShouldContain("tick size 0.01");
    }

    [Fact]
    public void Validate_BelowMinNotional_ReportsNotionalAndLimit()
    {
        // 61234.56 × 0.00016 = 9.7975296 < 10.
        var check = SpotBtcUsdt.Validate(61234.56m, 0.00016m);

        check.Failed.ShouldBe(InstrumentFilter.MinNotional);
        check.Actual.ShouldBe(9.7975296m);
        check.Limit.ShouldBe(10m);
        check.Message.ShouldContain("9.7975296");
        check.Message.ShouldContain("minimum notional 10");
    }

    [Fact]
    public void Validate_MaxNotional_NamesFilter()
    {
        var instrument = new Instrument(
            new TradingPair("BTC", "USDT"), MarketType.Spot, 0.01m, 0.00001m, minQuantity: 0.00001m, maxNotional: 9000000m);

        var check = instrument.Validate(61234.56m, 200m);

        check.Failed.ShouldBe(InstrumentFilter.MaxNotional);
        check.Limit.ShouldBe(9000000m);
        check.Message.ShouldContain("maximum notional 9000000");
    }

    [Fact]
    public void Validate_HugeNotionalOverflow_FailsMaxNotionalWithoutThrowing()
    {
        var instrument = new Instrument(new TradingPair("BTC", "USDT"), MarketType.Spot, 0m, 0m, maxNotional: 1m);

        instrument.Validate(decimal.MaxValue, 10m).Failed.ShouldBe(InstrumentFilter.MaxNotional);
    }

    [Theory]
    [InlineData(0.071234, 0.0123, true)]
    [InlineData(0.0712345, 0.0123, false)]
    [InlineData(0.071234, 0.01234, false)]
    public void Validate_EthBtcSmallTick_AcceptsOnlyGridValues(decimal price, decimal quantity, bool valid)
    {
        SpotEthBtc.Validate(price, quantity).IsValid.ShouldBe(valid);
    }

    [Fact]
    public void Validate_PerpetualGridStartsAtMinPrice_UsesMinPriceOrigin()
    {
        // ETHUSDT perp: minPrice 28.23, tick 0.01 → 3000.00 is on the grid; BTCUSDT perp: minPrice 402, tick 0.10.
        PerpEthUsdt.Validate(3000.00m, 0.01m).IsValid.ShouldBeTrue();
        PerpBtcUsdt.Validate(40000.1m, 0.001m).IsValid.ShouldBeTrue();
        PerpBtcUsdt.Validate(40000.15m, 0.001m).Failed.ShouldBe(InstrumentFilter.TickSize);
        PerpBtcUsdt.Validate(401.9m, 1m).Failed.ShouldBe(InstrumentFilter.MinPrice);
        PerpBtcUsdt.Validate(40000m, 0.0005m).Failed.ShouldBe(InstrumentFilter.MinQuantity);
        PerpBtcUsdt.Validate(40000m, 0.0015m).Failed.ShouldBe(InstrumentFilter.StepSize);
    }

    [Fact]
    public void Validate_GridOffsetFromMinPrice_RejectsValueOnPlainMultipleOnly()
    {
        var instrument = new Instrument(new TradingPair("X", "USDT"), MarketType.Spot, tickSize: 0.5m, stepSize: 0m, minPrice: 0.2m);

        instrument.Validate(1.2m, 1m).IsValid.ShouldBeTrue();
        instrument.Validate(1.0m, 1m).Failed.ShouldBe(InstrumentFilter.TickSize);
    }

    [Fact]
    public void Validate_ZeroTickAndStep_GridsDisabled()
    {
        var instrument = new Instrument(new TradingPair("BTC", "USDT"), MarketType.Spot, 0m, 0m);

        instrument.Validate(61234.56789m, 0.000000123m).IsValid.ShouldBeTrue();
        instrument.RoundPriceToTick(61234.56789m).ShouldBe(61234.56789m);
        instrument.RoundQuantityDown(0.000000123m).ShouldBe(0.000000123m);
    }

    [Fact]
    public void Validate_ContractSize_ScalesNotional()
    {
        var instrument = new Instrument(new TradingPair("BTC", "USD"), MarketType.LinearPerpetual, 0.5m, 1m, minNotional: 100m, contractSize: 0.001m);

        instrument.Notional(50000m, 2m).ShouldBe(100m);
        instrument.Validate(50000m, 2m).IsValid.ShouldBeTrue();
        instrument.Validate(50000m, 1m).Failed.ShouldBe(InstrumentFilter.MinNotional);
    }

    [Theory]
    [InlineData(61234.567, 61234.57)]
    [InlineData(61234.565, 61234.56)] // Midpoint to even tick.
    [InlineData(61234.575, 61234.58)]
    [InlineData(61234.56, 61234.56)]
    public void RoundPriceToTick_SpotBtcUsdt_NearestTick(decimal price, decimal expected)
    {
        SpotBtcUsdt.RoundPriceToTick(price).ShouldBe(expected);
    }

    [Fact]
    public void RoundPriceToTick_Modes_FollowMidpointRounding()
    {
        SpotBtcUsdt.RoundPriceToTick(61234.565m, MidpointRounding.AwayFromZero).ShouldBe(61234.57m);
        SpotBtcUsdt.RoundPriceToTick(61234.569m, MidpointRounding.ToZero).ShouldBe(61234.56m);
        SpotBtcUsdt.RoundPriceToTick(61234.561m, MidpointRounding.ToPositiveInfinity).ShouldBe(61234.57m);
        SpotBtcUsdt.RoundPriceToTick(61234.569m, MidpointRounding.ToNegativeInfinity).ShouldBe(61234.56m);
        Should.Throw<ArgumentOutOfRangeException>(() => SpotBtcUsdt.RoundPriceToTick(1m, (MidpointRounding)99)).ParamName.ShouldBe("mode");
    }

    [Fact]
    public void RoundPriceDownAndUp_PerpetualGridFromMinPrice_Brackets()
    {
        // BTCUSDT perp grid: 402 + k × 0.10.
        PerpBtcUsdt.RoundPriceDown(40000.17m).ShouldBe(40000.1m);
        PerpBtcUsdt.RoundPriceUp(40000.17m).ShouldBe(40000.2m);
        PerpBtcUsdt.RoundPriceDown(40000.1m).ShouldBe(40000.1m);
        SpotEthBtc.RoundPriceDown(0.0712349m).ShouldBe(0.071234m);
        SpotEthBtc.RoundPriceUp(0.0712341m).ShouldBe(0.071235m);
    }

    [Theory]
    [InlineData(0.123456789, 0.12345)]
    [InlineData(0.00001, 0.00001)]
    [InlineData(0.0000099, 0)]
    [InlineData(0, 0)]
    [InlineData(-1, 0)]
    [InlineData(12345.678, 9000)]
    public void RoundQuantityDown_SpotBtcUsdt_LotSizeRule(decimal quantity, decimal expected)
    {
        SpotBtcUsdt.RoundQuantityDown(quantity).ShouldBe(expected);
    }

    [Fact]
    public void RoundQuantityDown_EthUsdt_FourDecimals()
    {
        SpotEthUsdt.RoundQuantityDown(1.23456m).ShouldBe(1.2345m);
        SpotEthBtc.RoundQuantityDown(0.00019m).ShouldBe(0.0001m);
    }

    [Fact]
    public void RoundQuantityDown_MinQuantityOffGrid_RoundsFromMinQuantity()
    {
        var instrument = new Instrument(new TradingPair("X", "USDT"), MarketType.Spot, 0m, stepSize: 0.5m, minQuantity: 0.2m, maxQuantity: 10m);

        instrument.RoundQuantityDown(1.1m).ShouldBe(0.7m);
        instrument.RoundQuantityDown(0.19m).ShouldBe(0m);
        instrument.RoundQuantityDown(100m).ShouldBe(9.7m); // Largest grid quantity within maxQty 10.
        instrument.Validate(1m, 9.7m).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void RoundQuantityDown_BelowOneStepWithoutMinimum_ReturnsZero()
    {
        var instrument = new Instrument(new TradingPair("X", "USDT"), MarketType.Spot, 0m, stepSize: 0.01m);

        instrument.RoundQuantityDown(0.009m).ShouldBe(0m);
    }

    [Theory]
    [InlineData(-0.01, 0.001, 0, null, 0, null, 0, null, 1, "tickSize")]
    [InlineData(0.01, -0.001, 0, null, 0, null, 0, null, 1, "stepSize")]
    [InlineData(0.01, 0.001, -1, null, 0, null, 0, null, 1, "minQuantity")]
    [InlineData(0.01, 0.001, 2, 1d, 0, null, 0, null, 1, "maxQuantity")]
    [InlineData(0.01, 0.001, 0, null, -5, null, 0, null, 1, "minNotional")]
    [InlineData(0.01, 0.001, 0, null, 10, 5d, 0, null, 1, "maxNotional")]
    [InlineData(0.01, 0.001, 0, null, 0, null, -1, null, 1, "minPrice")]
    [InlineData(0.01, 0.001, 0, null, 0, null, 100, 99d, 1, "maxPrice")]
    [InlineData(0.01, 0.001, 0, null, 0, null, 0, null, 0, "contractSize")]
    [InlineData(0.01, 0.001, 0, null, 0, null, 0, null, -1, "contractSize")]
    public void Constructor_InvalidFilter_ThrowsNamingField(
        decimal tick, decimal step, decimal minQty, double? maxQty, decimal minNotional, double? maxNotional,
        decimal minPrice, double? maxPrice, decimal contractSize, string field)
    {
        var ex = Should.Throw<ArgumentException>(() => new Instrument(
            new TradingPair("BTC", "USDT"), MarketType.Spot, tick, step, minQty, ToDecimal(maxQty), minNotional,
            ToDecimal(maxNotional), minPrice, ToDecimal(maxPrice), contractSize));

        ex.ParamName.ShouldBe(field);
    }

    [Fact]
    public void Constructor_DefaultPairOrUnknownMarket_Throws()
    {
        Should.Throw<ArgumentException>(() => new Instrument(default, MarketType.Spot, 0.01m, 0.001m)).ParamName.ShouldBe("pair");
        Should.Throw<ArgumentOutOfRangeException>(() => new Instrument(new TradingPair("BTC", "USDT"), (MarketType)7, 0.01m, 0.001m))
            .ParamName.ShouldBe("marketType");
    }

    [Fact]
    public void Constructor_Defaults_NoLimitsContractSizeOne()
    {
        var instrument = new Instrument(new TradingPair("BTC", "USDT"), MarketType.Spot, 0.01m, 0.00001m);

        instrument.ContractSize.ShouldBe(1m);
        instrument.MinQuantity.ShouldBe(0m);
        instrument.MaxQuantity.ShouldBeNull();
        instrument.MinNotional.ShouldBe(0m);
        instrument.MaxNotional.ShouldBeNull();
        instrument.MinPrice.ShouldBe(0m);
        instrument.MaxPrice.ShouldBeNull();
        instrument.ShouldBe(new Instrument(new TradingPair("btc", "usdt"), MarketType.Spot, 0.01m, 0.00001m));
    }

    [Fact]
    public void FilterCheck_Default_IsSuccess()
    {
        FilterCheck check = default;

        check.IsValid.ShouldBeTrue();
        check.Failed.ShouldBe(InstrumentFilter.None);
        check.Message.ShouldNotBeNullOrWhiteSpace();
    }

    private static decimal? ToDecimal(double? value) => value is null ? null : (decimal)value.Value;
}
