using System.Globalization;
using System.Text.Json;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance.Streams;

/// <summary>Reads Binance stream payloads: envelopes, klines, book tickers, executionReport and ORDER_TRADE_UPDATE.</summary>
internal static class BinanceStreamParser
{
    private static readonly HashSet<string> SpotIntervals = new(StringComparer.Ordinal) { "1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w" };

    /// <summary>Gets Binance's name of a kline interval, or null when the market has no such interval.</summary>
    public static string? IntervalOf(Timeframe timeframe, MarketType market)
    {
        var text = timeframe.ToString();
        if (!SpotIntervals.Contains(text) || (market != MarketType.Spot && string.Equals(text, "1s", StringComparison.Ordinal)))
        {
            return null;
        }

        return text;
    }

    /// <summary>Unwraps the payload of a combined stream (<c>{stream, data}</c>) or of the WebSocket API (<c>{subscriptionId, event}</c>).</summary>
    public static JsonElement Unwrap(JsonElement root, out string? stream)
    {
        stream = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return root;
        }

        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            stream = root.TryGetProperty("stream", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
            return data;
        }

        if (root.TryGetProperty("event", out var evt) && evt.ValueKind == JsonValueKind.Object)
        {
            return evt;
        }

        return root;
    }

    /// <summary>Gets the event type <c>e</c>, or null.</summary>
    public static string? EventType(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("e", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    /// <summary>Reads a kline event. Returns null and an error when the payload is not a valid kline.</summary>
    public static KlineEvent? ParseKline(JsonElement data, out string? error)
    {
        try
        {
            var k = data.GetProperty("k");
            error = null;
            return new KlineEvent(
                Symbol: RequiredString(k, "s"),
                Interval: RequiredString(k, "i"),
                OpenTime: DateTimeOffset.FromUnixTimeMilliseconds(k.GetProperty("t").GetInt64()),
                Open: (double)GetDecimal(k, "o"),
                High: (double)GetDecimal(k, "h"),
                Low: (double)GetDecimal(k, "l"),
                Close: (double)GetDecimal(k, "c"),
                Volume: (double)GetDecimal(k, "v"),
                IsClosed: k.GetProperty("x").GetBoolean());
        }
        catch (Exception ex) when (IsPayloadError(ex))
        {
            error = "not a kline: " + ex.Message;
            return null;
        }
    }

    /// <summary>Reads a book ticker for a resolved pair. <paramref name="receivedAt"/> is used when the payload has no time (spot).</summary>
    public static BookTicker? ParseBookTicker(JsonElement data, TradingPair pair, DateTimeOffset receivedAt, out string? error)
    {
        try
        {
            var time = data.TryGetProperty("T", out var t) && t.ValueKind == JsonValueKind.Number ? DateTimeOffset.FromUnixTimeMilliseconds(t.GetInt64())
                : data.TryGetProperty("E", out var e) && e.ValueKind == JsonValueKind.Number ? DateTimeOffset.FromUnixTimeMilliseconds(e.GetInt64())
                : receivedAt;
            var ticker = new BookTicker(pair, GetDecimal(data, "b"), GetDecimal(data, "B"), GetDecimal(data, "a"), GetDecimal(data, "A"), time);
            if (ticker.BidPrice < 0 || ticker.AskPrice < 0 || ticker.BidQuantity < 0 || ticker.AskQuantity < 0)
            {
                error = "negative price or quantity";
                return null;
            }

            error = null;
            return ticker;
        }
        catch (Exception ex) when (IsPayloadError(ex))
        {
            error = "not a book ticker: " + ex.Message;
            return null;
        }
    }

    /// <summary>Reads the symbol <c>s</c> of a payload, or null.</summary>
    public static string? Symbol(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;

    /// <summary>Reads a spot <c>executionReport</c>.</summary>
    public static OrderUpdate? ParseExecutionReport(JsonElement e, Func<string, TradingPair?> resolve, out string? error)
    {
        try
        {
            var symbol = RequiredString(e, "s");
            if (resolve(symbol) is not { } pair)
            {
                error = $"unknown symbol '{symbol}'";
                return null;
            }

            var executionType = RequiredString(e, "x");
            var status = MapStatus(RequiredString(e, "X"));
            var clientId = string.Equals(executionType, "CANCELED", StringComparison.Ordinal) && OptionalString(e, "C") is { Length: > 0 } original ? original : RequiredString(e, "c");
            var filled = GetDecimal(e, "z");
            var filledQuote = OptionalDecimal(e, "Z");
            var orderId = e.GetProperty("i").GetInt64().ToString(CultureInfo.InvariantCulture);
            var side = MapSide(RequiredString(e, "S"));
            var transactionTime = DateTimeOffset.FromUnixTimeMilliseconds(e.GetProperty("T").GetInt64());
            var order = new ExchangeOrder
            {
                Pair = pair,
                ClientOrderId = new ClientOrderId(clientId),
                ExchangeOrderId = orderId,
                Side = side,
                Type = MapType(RequiredString(e, "o")),
                Status = status,
                Quantity = GetDecimal(e, "q"),
                FilledQuantity = filled,
                FilledQuoteQuantity = filledQuote,
                Price = NonZero(OptionalDecimal(e, "p")),
                StopPrice = NonZero(OptionalDecimal(e, "P")),
                AveragePrice = filled > 0 && filledQuote is { } quote ? quote / filled : null,
                TimeInForce = MapTimeInForce(OptionalString(e, "f")),
                CreateTime = e.TryGetProperty("O", out var created) && created.ValueKind == JsonValueKind.Number ? DateTimeOffset.FromUnixTimeMilliseconds(created.GetInt64()) : transactionTime,
                UpdateTime = transactionTime,
            };
            var trade = string.Equals(executionType, "TRADE", StringComparison.Ordinal) ? new ExchangeTrade
            {
                Pair = pair,
                TradeId = e.GetProperty("t").GetInt64().ToString(CultureInfo.InvariantCulture),
                ExchangeOrderId = orderId,
                ClientOrderId = order.ClientOrderId,
                Side = side,
                Price = GetDecimal(e, "L"),
                Quantity = GetDecimal(e, "l"),
                Fee = OptionalDecimal(e, "n") ?? 0m,
                FeeAsset = OptionalString(e, "N") ?? string.Empty,
                Time = transactionTime,
                IsMaker = e.TryGetProperty("m", out var maker) && maker.ValueKind == JsonValueKind.True,
            } : null;
            error = null;
            return new OrderUpdate(order, trade);
        }
        catch (Exception ex) when (IsPayloadError(ex))
        {
            error = "not an executionReport: " + ex.Message;
            return null;
        }
    }

    /// <summary>Reads a USDⓈ-M futures <c>ORDER_TRADE_UPDATE</c>.</summary>
    public static OrderUpdate? ParseOrderTradeUpdate(JsonElement e, Func<string, TradingPair?> resolve, out string? error)
    {
        try
        {
            var o = e.GetProperty("o");
            var symbol = RequiredString(o, "s");
            if (resolve(symbol) is not { } pair)
            {
                error = $"unknown symbol '{symbol}'";
                return null;
            }

            var executionType = RequiredString(o, "x");
            var filled = GetDecimal(o, "z");
            var average = NonZero(OptionalDecimal(o, "ap"));
            var orderId = o.GetProperty("i").GetInt64().ToString(CultureInfo.InvariantCulture);
            var side = MapSide(RequiredString(o, "S"));
            var time = DateTimeOffset.FromUnixTimeMilliseconds(o.TryGetProperty("T", out var t) ? t.GetInt64() : e.GetProperty("T").GetInt64());
            var order = new ExchangeOrder
            {
                Pair = pair,
                ClientOrderId = new ClientOrderId(RequiredString(o, "c")),
                ExchangeOrderId = orderId,
                Side = side,
                Type = MapType(RequiredString(o, "o")),
                Status = MapStatus(RequiredString(o, "X")),
                Quantity = GetDecimal(o, "q"),
                FilledQuantity = filled,
                FilledQuoteQuantity = filled > 0 && average is { } avg ? avg * filled : null,
                Price = NonZero(OptionalDecimal(o, "p")),
                StopPrice = NonZero(OptionalDecimal(o, "sp")),
                AveragePrice = filled > 0 ? average : null,
                TimeInForce = MapTimeInForce(OptionalString(o, "f")),
                ReduceOnly = o.TryGetProperty("R", out var reduce) && reduce.ValueKind == JsonValueKind.True,
                CreateTime = time,
                UpdateTime = time,
            };
            var trade = string.Equals(executionType, "TRADE", StringComparison.Ordinal) ? new ExchangeTrade
            {
                Pair = pair,
                TradeId = o.GetProperty("t").GetInt64().ToString(CultureInfo.InvariantCulture),
                ExchangeOrderId = orderId,
                ClientOrderId = order.ClientOrderId,
                Side = side,
                Price = GetDecimal(o, "L"),
                Quantity = GetDecimal(o, "l"),
                Fee = OptionalDecimal(o, "n") ?? 0m,
                FeeAsset = OptionalString(o, "N") ?? string.Empty,
                Time = time,
                IsMaker = o.TryGetProperty("m", out var maker) && maker.ValueKind == JsonValueKind.True,
                RealizedPnl = OptionalDecimal(o, "rp"),
            } : null;
            error = null;
            return new OrderUpdate(order, trade);
        }
        catch (Exception ex) when (IsPayloadError(ex))
        {
            error = "not an ORDER_TRADE_UPDATE: " + ex.Message;
            return null;
        }
    }

    /// <summary>Shortens a payload for a log line.</summary>
    public static string Sample(ReadOnlySpan<byte> payload, int max = 256)
    {
        var text = System.Text.Encoding.UTF8.GetString(payload.Length > max ? payload[..max] : payload);
        return payload.Length > max ? text + "…" : text;
    }

    private static bool IsPayloadError(Exception ex) =>
        ex is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException;

    private static string RequiredString(JsonElement element, string name) =>
        element.GetProperty(name).GetString() is { Length: > 0 } text ? text : throw new FormatException($"'{name}' is empty.");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal GetDecimal(JsonElement element, string name) =>
        OptionalDecimal(element, name) ?? throw new KeyNotFoundException($"'{name}' is missing.");

    private static decimal? OptionalDecimal(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => decimal.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
            JsonValueKind.Number => value.GetDecimal(),
            JsonValueKind.Null => null,
            _ => throw new FormatException($"'{name}' is not a number."),
        };
    }

    private static decimal? NonZero(decimal? value) => value is 0m ? null : value;

    private static OrderSide MapSide(string side) => side switch
    {
        "BUY" => OrderSide.Buy,
        "SELL" => OrderSide.Sell,
        _ => throw new FormatException($"Unknown side '{side}'."),
    };

    private static OrderType MapType(string type) => type switch
    {
        "MARKET" => OrderType.Market,
        "LIMIT" or "LIMIT_MAKER" => OrderType.Limit,
        "STOP_LOSS" or "TAKE_PROFIT" or "STOP_MARKET" or "TAKE_PROFIT_MARKET" or "TRAILING_STOP_MARKET" => OrderType.StopMarket,
        "STOP_LOSS_LIMIT" or "TAKE_PROFIT_LIMIT" or "STOP" => OrderType.StopLimit,
        _ => throw new FormatException($"Unknown order type '{type}'."),
    };

    private static ExecutionStatus MapStatus(string status) => status switch
    {
        "NEW" or "PENDING_NEW" or "PENDING_CANCEL" => ExecutionStatus.Accepted,
        "PARTIALLY_FILLED" => ExecutionStatus.PartiallyFilled,
        "FILLED" => ExecutionStatus.Filled,
        "CANCELED" => ExecutionStatus.Cancelled,
        "REJECTED" => ExecutionStatus.Rejected,
        "EXPIRED" or "EXPIRED_IN_MATCH" => ExecutionStatus.Expired,
        _ => throw new FormatException($"Unknown order status '{status}'."),
    };

    private static TimeInForce MapTimeInForce(string? timeInForce) => timeInForce switch
    {
        "IOC" => TimeInForce.ImmediateOrCancel,
        "FOK" => TimeInForce.FillOrKill,
        _ => TimeInForce.GoodTillCanceled,
    };
}
