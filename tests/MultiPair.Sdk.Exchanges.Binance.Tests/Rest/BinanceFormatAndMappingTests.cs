using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Exchanges.Binance.Rest;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Rest;

public sealed class BinanceFormatAndMappingTests
{
    [Theory]
    [InlineData("0.00000001", "0.00000001")]
    [InlineData("1.50000000", "1.5")]
    [InlineData("100", "100")]
    [InlineData("1E-8", "0.00000001")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")]
    public void Decimals_are_formatted_invariantly_without_exponent_or_trailing_zeros(string input, string expected) =>
        BinanceFormat.Decimal(decimal.Parse(input, NumberStyles.Float, CultureInfo.InvariantCulture)).ShouldBe(expected);

    [Fact]
    public void Decimal_formatting_round_trips_for_any_decimal() =>
        Prop.ForAll(ArbMap.Default.ArbFor<decimal>(), value =>
        {
            var text = BinanceFormat.Decimal(value);
            return decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture) == value
                && !text.Contains('E', StringComparison.OrdinalIgnoreCase)
                && !text.Contains(',', StringComparison.Ordinal)
                && (!text.Contains('.', StringComparison.Ordinal) || !text.EndsWith('0'));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Decimal_formatting_ignores_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            BinanceFormat.Decimal(1234.5m).ShouldBe("1234.5");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Symbol_map_translates_both_ways_for_any_assets()
    {
        var asset = Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".ToCharArray()).ArrayOf()
            .Where(a => a.Length is > 0 and < 10)
            .Select(chars => new string(chars));
        var pairs = Gen.Zip(asset, asset).Select(t => new TradingPair(t.Item1, t.Item2)).ListOf().Select(l => l.Distinct().ToList());
        Prop.ForAll(pairs.ToArbitrary(), list =>
        {
            var bySymbol = list.GroupBy(p => p.Base + p.Quote, StringComparer.Ordinal).Where(g => g.Count() == 1).Select(g => g.Single()).ToList();
            var map = new BinanceSymbolMap();
            map.Load(bySymbol.Select(p => new KeyValuePair<string, TradingPair>(p.Base + p.Quote, p)));
            return bySymbol.All(p => string.Equals(map.Symbol(p), p.Base + p.Quote, StringComparison.Ordinal) && map.TryGetPair(p.Base + p.Quote, out var back) && back == p);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Unloaded_symbol_map_spells_pairs_concatenated_and_knows_no_symbol()
    {
        var map = new BinanceSymbolMap();
        map.Symbol(new TradingPair("eth", "usdt")).ShouldBe("ETHUSDT");
        map.TryGetPair("ETHUSDT", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(-1021, "Timestamp for this request is outside of the recvWindow.", 400, false, ExchangeErrorKind.InvalidTimestamp)]
    [InlineData(-1022, "Signature for this request is not valid.", 400, false, ExchangeErrorKind.Unauthorized)]
    [InlineData(-2014, "API-key format invalid.", 401, false, ExchangeErrorKind.Unauthorized)]
    [InlineData(-2015, "Invalid API-key, IP, or permissions for action.", 401, false, ExchangeErrorKind.Unauthorized)]
    [InlineData(-2010, "Account has insufficient balance for requested action.", 400, true, ExchangeErrorKind.InsufficientFunds)]
    [InlineData(-2019, "Margin is insufficient.", 400, true, ExchangeErrorKind.InsufficientFunds)]
    [InlineData(-2010, "Duplicate order sent.", 400, true, ExchangeErrorKind.DuplicateClientOrderId)]
    [InlineData(-4116, "ClientOrderId is duplicated.", 400, true, ExchangeErrorKind.DuplicateClientOrderId)]
    [InlineData(-2010, "Order would immediately match and take.", 400, true, ExchangeErrorKind.Rejected)]
    [InlineData(-2011, "Unknown order sent.", 400, true, ExchangeErrorKind.UnknownOrder)]
    [InlineData(-2013, "Order does not exist.", 400, false, ExchangeErrorKind.UnknownOrder)]
    [InlineData(-1121, "Invalid symbol.", 400, false, ExchangeErrorKind.UnknownSymbol)]
    [InlineData(-1003, "Too many requests.", 429, false, ExchangeErrorKind.RateLimited)]
    [InlineData(-1015, "Too many new orders.", 429, true, ExchangeErrorKind.RateLimited)]
    [InlineData(-1007, "Timeout waiting for response from backend server.", 503, true, ExchangeErrorKind.OutcomeUnknown)]
    [InlineData(-1007, "Timeout waiting for response from backend server.", 503, false, ExchangeErrorKind.ServiceUnavailable)]
    [InlineData(-1102, "Mandatory parameter 'price' was not sent.", 400, false, ExchangeErrorKind.InvalidRequest)]
    public void Binance_codes_map_to_error_kinds(int code, string message, int status, bool orderWrite, ExchangeErrorKind expected)
    {
        var error = BinanceErrorMapper.Map(code, message, status, orderWrite);
        error.Kind.ShouldBe(expected);
        error.Code.ShouldBe(code);
        error.HttpStatus.ShouldBe(status);
        error.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData(-1013, "Filter failure: LOT_SIZE", "LOT_SIZE")]
    [InlineData(-2010, "Filter failure: NOTIONAL", "NOTIONAL")]
    [InlineData(-1013, "Filter failure: PRICE_FILTER", "PRICE_FILTER")]
    [InlineData(-4014, "Price not increased by tick size.", "PRICE_FILTER")]
    public void Filter_failures_name_the_filter(int code, string message, string filter)
    {
        var error = BinanceErrorMapper.Map(code, message, 400, isOrderWrite: true);
        error.Kind.ShouldBe(ExchangeErrorKind.FilterFailure);
        error.Filter.ShouldBe(filter);
    }

    [Theory]
    [InlineData(500, true, ExchangeErrorKind.OutcomeUnknown)]
    [InlineData(503, false, ExchangeErrorKind.ServiceUnavailable)]
    [InlineData(418, false, ExchangeErrorKind.IpBanned)]
    [InlineData(429, true, ExchangeErrorKind.RateLimited)]
    [InlineData(404, false, ExchangeErrorKind.InvalidRequest)]
    public void Statuses_without_a_binance_body_map_to_error_kinds(int status, bool orderWrite, ExchangeErrorKind expected) =>
        BinanceErrorMapper.MapStatus(status, orderWrite, retryAfter: null).Kind.ShouldBe(expected);
}
