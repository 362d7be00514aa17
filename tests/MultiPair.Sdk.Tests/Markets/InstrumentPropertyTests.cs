using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Markets;

public sealed class InstrumentPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(1000);

    [Fact]
    public void RoundPriceDown_AnyPrice_OnGridAtOrBelowWithinOneTick()
    {
        Check.One(Config, Prop.ForAll(MarketGenerators.InstrumentAndPrice.ToArbitrary(), t =>
        {
            decimal rounded = t.Instrument.RoundPriceDown(t.Price);
            return MarketGenerators.IsOnGrid(rounded, t.Instrument.MinPrice, t.Instrument.TickSize)
                && rounded <= t.Price
                && t.Price - rounded < t.Instrument.TickSize;
        }));
    }

    [Fact]
    public void RoundPriceUp_AnyPrice_OnGridAtOrAboveWithinOneTick()
    {
        Check.One(Config, Prop.ForAll(MarketGenerators.InstrumentAndPrice.ToArbitrary(), t =>
        {
            decimal rounded = t.Instrument.RoundPriceUp(t.Price);
            return MarketGenerators.IsOnGrid(rounded, t.Instrument.MinPrice, t.Instrument.TickSize)
                && rounded >= t.Price
                && rounded - t.Price < t.Instrument.TickSize;
        }));
    }

    [Fact]
    public void RoundPriceToTick_AnyMode_OnGridWithinHalfTickForNearest()
    {
        var gen =
            from t in MarketGenerators.InstrumentAndPrice
            from mode in Gen.Elements(Enum.GetValues<MidpointRounding>())
            select (t.Instrument, t.Price, mode);

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            decimal rounded = t.Instrument.RoundPriceToTick(t.Price, t.mode);
            decimal distance = Math.Abs(rounded - t.Price);
            bool nearest = t.mode is MidpointRounding.ToEven or MidpointRounding.AwayFromZero;
            bool sameAsDirected = t.mode switch
            {
                MidpointRounding.ToNegativeInfinity => rounded == t.Instrument.RoundPriceDown(t.Price),
                // Toward zero is down for positive prices and up for negative ones (the generator sometimes makes those).
                MidpointRounding.ToZero => rounded == (t.Price > 0m ? t.Instrument.RoundPriceDown(t.Price) : t.Instrument.RoundPriceUp(t.Price)),
                MidpointRounding.ToPositiveInfinity => rounded == t.Instrument.RoundPriceUp(t.Price),
                _ => rounded == t.Instrument.RoundPriceDown(t.Price) || rounded == t.Instrument.RoundPriceUp(t.Price),
            };
            return MarketGenerators.IsOnGrid(rounded, t.Instrument.MinPrice, t.Instrument.TickSize)
                && sameAsDirected
                && (nearest ? distance * 2 <= t.Instrument.TickSize : distance < t.Instrument.TickSize);
        }));
    }

    [Fact]
    public void RoundPriceToTick_OnGridPowerOfTenTick_MatchesDecimalRound()
    {
        // With minPrice on the tick grid and a power-of-ten tick, rounding to the tick is decimal.Round to its decimals.
        var gen =
            from decimals in Gen.Choose(0, 8)
            from price in MarketGenerators.NonNegativeDecimal(100_000)
            from mode in Gen.Elements(Enum.GetValues<MidpointRounding>())
            select (decimals, price, mode);

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            decimal tick = 1m / Pow10(t.decimals);
            var instrument = new Instrument(new TradingPair("BTC", "USDT"), MarketType.Spot, tick, 0m, minPrice: tick);
            return instrument.RoundPriceToTick(t.price, t.mode) == Math.Round(t.price, t.decimals, t.mode);
        }));
    }

    [Fact]
    public void RoundQuantityDown_AnyQuantity_AtMostRequestedOnStepWithinBounds()
    {
        Check.One(Config, Prop.ForAll(MarketGenerators.InstrumentPriceAndQuantity.ToArbitrary(), t =>
        {
            var instrument = t.Instrument;
            decimal rounded = instrument.RoundQuantityDown(t.Quantity);
            decimal cap = Math.Min(t.Quantity, instrument.MaxQuantity!.Value);
            if (rounded == 0m)
            {
                // Nothing valid fits: not positive, below the minimum, or (without a minimum) below one step.
                return t.Quantity <= 0m
                    || t.Quantity < instrument.MinQuantity
                    || (instrument.MinQuantity == 0m && cap < instrument.StepSize);
            }

            return rounded <= t.Quantity
                && rounded >= instrument.MinQuantity
                && rounded <= instrument.MaxQuantity
                && MarketGenerators.IsOnGrid(rounded, instrument.MinQuantity, instrument.StepSize)
                && cap - rounded < instrument.StepSize;
        }));
    }

    [Fact]
    public void Validate_RoundedPriceAndQuantity_PassesPriceAndLotFilters()
    {
        Check.One(Config, Prop.ForAll(MarketGenerators.InstrumentPriceAndQuantity.ToArbitrary(), t =>
        {
            var instrument = t.Instrument;
            decimal price = instrument.RoundPriceDown(t.Price);
            decimal quantity = instrument.RoundQuantityDown(t.Quantity);
            var check = instrument.Validate(price, quantity);
            if (quantity == 0m)
            {
                return check.Failed == InstrumentFilter.QuantityNotPositive;
            }

            decimal notional = instrument.Notional(price, quantity);
            bool notionalOk = notional >= instrument.MinNotional && notional <= instrument.MaxNotional;
            return notionalOk
                ? check.IsValid
                : check.Failed is InstrumentFilter.MinNotional or InstrumentFilter.MaxNotional;
        }));
    }

    [Fact]
    public void Validate_OffGridPrice_ReportsTickSize()
    {
        var gen =
            from t in MarketGenerators.InstrumentPriceAndQuantity
            from fraction in Gen.Choose(1, 99)
            select (t.Instrument, t.Price, fraction);

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            decimal price = t.Instrument.RoundPriceDown(t.Price) + (t.Instrument.TickSize * t.fraction / 100m);
            decimal quantity = t.Instrument.MaxQuantity!.Value;
            bool inBounds = price <= t.Instrument.MaxPrice;
            var check = t.Instrument.Validate(price, quantity);
            return !inBounds || (check.Failed == InstrumentFilter.TickSize && check.Actual == price && check.Limit == t.Instrument.TickSize);
        }));
    }

    private static decimal Pow10(int exponent)
    {
        decimal result = 1m;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
