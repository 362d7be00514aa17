using System.Text.Json;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>Binance JSON → domain values. Throws <see cref="BinanceMalformedException"/> (or the domain's ArgumentException) on bad data; the client turns both into errors.</summary>
internal static class BinanceParsers
{
    /// <summary>TRADING symbols (perpetual contracts only on futures) with their filters; symbols that cannot be represented are reported to <paramref name="skipped"/>.</summary>
    public static List<KeyValuePair<string, Instrument>> Instruments(JsonElement root, MarketType market, Action<string, string> skipped)
    {
        var result = new List<KeyValuePair<string, Instrument>>();
        foreach (var symbol in BinanceJson.Array(BinanceJson.Property(root, "symbols"), "symbols"))
        {
            var name = BinanceJson.String(symbol, "symbol");
            if (!string.Equals(BinanceJson.String(symbol, "status"), "TRADING", StringComparison.Ordinal))
            {
                continue;
            }

            if (market == MarketType.LinearPerpetual
                && BinanceJson.OptionalString(symbol, "contractType") is { } contract
                && !string.Equals(contract, "PERPETUAL", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                result.Add(new(name, Instrument(symbol, market)));
            }
            catch (Exception ex) when (ex is ArgumentException or BinanceMalformedException)
            {
                skipped(name, ex.Message);
            }
        }

        return result;
    }

    public static Instrument Instrument(JsonElement symbol, MarketType market)
    {
        var pair = new TradingPair(BinanceJson.String(symbol, "baseAsset"), BinanceJson.String(symbol, "quoteAsset"));
        decimal tick = 0m, step = 0m, minQty = 0m, minNotional = 0m, minPrice = 0m;
        decimal? maxQty = null, maxNotional = null, maxPrice = null;
        foreach (var filter in BinanceJson.Array(BinanceJson.Property(symbol, "filters"), "filters"))
        {
            switch (BinanceJson.String(filter, "filterType"))
            {
                case "PRICE_FILTER":
                    tick = BinanceJson.Decimal(filter, "tickSize");
                    minPrice = BinanceJson.Decimal(filter, "minPrice");
                    maxPrice = PositiveOrNull(BinanceJson.Decimal(filter, "maxPrice"));
                    break;
                case "LOT_SIZE":
                    step = BinanceJson.Decimal(filter, "stepSize");
                    minQty = BinanceJson.Decimal(filter, "minQty");
                    maxQty = PositiveOrNull(BinanceJson.Decimal(filter, "maxQty"));
                    break;
                case "MIN_NOTIONAL":
                    // Spot spells it minNotional, USDⓈ-M futures notional.
                    minNotional = BinanceJson.OptionalDecimal(filter, "minNotional") ?? BinanceJson.Decimal(filter, "notional");
                    break;
                case "NOTIONAL":
                    minNotional = BinanceJson.OptionalDecimal(filter, "minNotional") ?? minNotional;
                    maxNotional = PositiveOrNull(BinanceJson.OptionalDecimal(filter, "maxNotional") ?? 0m);
                    break;
                default:
                    break;
            }
        }

        return new Instrument(pair, market, tick, step, minQty, maxQty, minNotional, maxNotional, minPrice, maxPrice);
    }

    /// <summary>Klines with their close times (Binance's closeTime is the last millisecond of the bar).</summary>
    public static List<Bar> Klines(JsonElement root, TradingPair pair, Timeframe timeframe)
    {
        var bars = new List<Bar>();
        foreach (var row in BinanceJson.Array(root, "klines"))
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() < 6)
            {
                throw new BinanceMalformedException("A kline is not an array of at least 6 values.");
            }

            var open = BinanceJson.Time(BinanceJson.ToLong(row[0], "openTime"));
            bars.Add(new Bar(
                pair,
                timeframe,
                open,
                (double)BinanceJson.ToDecimal(row[1], "open"),
                (double)BinanceJson.ToDecimal(row[2], "high"),
                (double)BinanceJson.ToDecimal(row[3], "low"),
                (double)BinanceJson.ToDecimal(row[4], "close"),
                (double)BinanceJson.ToDecimal(row[5], "volume")));
        }

        return bars;
    }

    public static BookTicker BookTicker(JsonElement root, string symbol, TradingPair pair, DateTimeOffset fallbackTime)
    {
        ExpectSymbol(root, symbol);
        var time = BinanceJson.OptionalLong(root, "time") is { } ms and > 0 ? BinanceJson.Time(ms) : fallbackTime;
        return new BookTicker(
            pair,
            BinanceJson.Decimal(root, "bidPrice"),
            BinanceJson.Decimal(root, "bidQty"),
            BinanceJson.Decimal(root, "askPrice"),
            BinanceJson.Decimal(root, "askQty"),
            time);
    }

    public static Ticker24h Ticker24h(JsonElement root, string symbol, TradingPair pair)
    {
        ExpectSymbol(root, symbol);
        return new Ticker24h
        {
            Pair = pair,
            LastPrice = BinanceJson.Decimal(root, "lastPrice"),
            OpenPrice = BinanceJson.Decimal(root, "openPrice"),
            HighPrice = BinanceJson.Decimal(root, "highPrice"),
            LowPrice = BinanceJson.Decimal(root, "lowPrice"),
            Volume = BinanceJson.Decimal(root, "volume"),
            QuoteVolume = BinanceJson.Decimal(root, "quoteVolume"),
            PriceChangePercent = BinanceJson.Decimal(root, "priceChangePercent"),
            CloseTime = BinanceJson.Time(BinanceJson.Long(root, "closeTime")),
        };
    }

    /// <summary>An order (new-order, query, cancel and open-orders responses of both markets).</summary>
    public static ExchangeOrder Order(JsonElement root, TradingPair pair, bool futures)
    {
        var executed = BinanceJson.Decimal(root, "executedQty");
        var quote = futures ? BinanceJson.OptionalDecimal(root, "cumQuote") : BinanceJson.OptionalDecimal(root, "cummulativeQuoteQty");
        var average = futures ? PositiveOrNull(BinanceJson.OptionalDecimal(root, "avgPrice") ?? 0m) : null;
        if (average is null && executed > 0m && quote is > 0m)
        {
            average = quote.Value / executed;
        }

        // A cancel response's clientOrderId is the cancel request's own id; the order's is origClientOrderId.
        var clientId = BinanceJson.OptionalString(root, "origClientOrderId") ?? BinanceJson.String(root, "clientOrderId");
        var created = BinanceJson.OptionalLong(root, "time") ?? BinanceJson.OptionalLong(root, "transactTime") ?? BinanceJson.Long(root, "updateTime");
        var updated = BinanceJson.OptionalLong(root, "updateTime") ?? BinanceJson.OptionalLong(root, "transactTime") ?? created;
        return new ExchangeOrder
        {
            Pair = pair,
            ClientOrderId = new ClientOrderId(clientId),
            ExchangeOrderId = BinanceJson.String(root, "orderId"),
            Side = Side(BinanceJson.String(root, "side")),
            Type = Type(BinanceJson.String(root, "type")),
            Status = Status(BinanceJson.String(root, "status")),
            Quantity = BinanceJson.Decimal(root, "origQty"),
            FilledQuantity = executed,
            FilledQuoteQuantity = quote,
            Price = PositiveOrNull(BinanceJson.OptionalDecimal(root, "price") ?? 0m),
            StopPrice = PositiveOrNull(BinanceJson.OptionalDecimal(root, "stopPrice") ?? 0m),
            AveragePrice = average,
            TimeInForce = TimeInForce(BinanceJson.OptionalString(root, "timeInForce") ?? "GTC"),
            ReduceOnly = BinanceJson.OptionalBool(root, "reduceOnly", fallback: false),
            CreateTime = BinanceJson.Time(created),
            UpdateTime = BinanceJson.Time(updated),
        };
    }

    /// <summary>The <c>fills</c> of a spot FULL new-order response (empty when absent).</summary>
    public static List<ExchangeTrade> Fills(JsonElement root, ExchangeOrder order)
    {
        var trades = new List<ExchangeTrade>();
        if (!BinanceJson.TryProperty(root, "fills", out var fills))
        {
            return trades;
        }

        foreach (var fill in BinanceJson.Array(fills, "fills"))
        {
            trades.Add(new ExchangeTrade
            {
                Pair = order.Pair,
                TradeId = BinanceJson.String(fill, "tradeId"),
                ExchangeOrderId = order.ExchangeOrderId,
                ClientOrderId = order.ClientOrderId,
                Side = order.Side,
                Price = BinanceJson.Decimal(fill, "price"),
                Quantity = BinanceJson.Decimal(fill, "qty"),
                Fee = BinanceJson.OptionalDecimal(fill, "commission") ?? 0m,
                FeeAsset = BinanceJson.OptionalString(fill, "commissionAsset") ?? string.Empty,
                Time = order.UpdateTime,
                IsMaker = false,
            });
        }

        return trades;
    }

    /// <summary>One row of <c>/api/v3/myTrades</c> or <c>/fapi/v1/userTrades</c>.</summary>
    public static ExchangeTrade Trade(JsonElement row, TradingPair pair, bool futures)
    {
        var side = futures && BinanceJson.OptionalString(row, "side") is { } s
            ? Side(s)
            : BinanceJson.OptionalBool(row, "isBuyer", BinanceJson.OptionalBool(row, "buyer", fallback: false)) ? OrderSide.Buy : OrderSide.Sell;
        return new ExchangeTrade
        {
            Pair = pair,
            TradeId = BinanceJson.String(row, "id"),
            ExchangeOrderId = BinanceJson.String(row, "orderId"),
            Side = side,
            Price = BinanceJson.Decimal(row, "price"),
            Quantity = BinanceJson.Decimal(row, "qty"),
            Fee = BinanceJson.OptionalDecimal(row, "commission") ?? 0m,
            FeeAsset = BinanceJson.OptionalString(row, "commissionAsset") ?? string.Empty,
            Time = BinanceJson.Time(BinanceJson.Long(row, "time")),
            IsMaker = BinanceJson.OptionalBool(row, "isMaker", BinanceJson.OptionalBool(row, "maker", fallback: false)),
            RealizedPnl = futures ? BinanceJson.OptionalDecimal(row, "realizedPnl") : null,
        };
    }

    /// <summary>Spot <c>/api/v3/account</c> balances with a non-zero total.</summary>
    public static List<AssetBalance> SpotBalances(JsonElement root)
    {
        var balances = new List<AssetBalance>();
        foreach (var row in BinanceJson.Array(BinanceJson.Property(root, "balances"), "balances"))
        {
            var balance = new AssetBalance(BinanceJson.String(row, "asset"), BinanceJson.Decimal(row, "free"), BinanceJson.Decimal(row, "locked"));
            if (balance.Total != 0m)
            {
                balances.Add(balance);
            }
        }

        return balances;
    }

    /// <summary>Futures <c>/fapi/v3/balance</c>: free is the available balance, locked the rest of the wallet balance.</summary>
    public static List<AssetBalance> FuturesBalances(JsonElement root)
    {
        var balances = new List<AssetBalance>();
        foreach (var row in BinanceJson.Array(root, "balances"))
        {
            var total = BinanceJson.Decimal(row, "balance");
            var available = BinanceJson.Decimal(row, "availableBalance");
            if (total == 0m && available == 0m)
            {
                continue;
            }

            balances.Add(new AssetBalance(BinanceJson.String(row, "asset"), available, Math.Max(0m, total - available)));
        }

        return balances;
    }

    /// <summary>One row of <c>/fapi/v2/positionRisk</c> (null when flat). v3 rows carry no leverage or margin type: 1 and cross are assumed.</summary>
    public static ExchangePosition? Position(JsonElement row, TradingPair pair)
    {
        var amount = BinanceJson.Decimal(row, "positionAmt");
        if (amount == 0m)
        {
            return null;
        }

        var leverage = BinanceJson.OptionalLong(row, "leverage") ?? 1;
        return new ExchangePosition
        {
            Pair = pair,
            Side = amount > 0m ? PositionSide.Long : PositionSide.Short,
            Quantity = Math.Abs(amount),
            EntryPrice = BinanceJson.Decimal(row, "entryPrice"),
            MarkPrice = PositiveOrNull(BinanceJson.OptionalDecimal(row, "markPrice") ?? 0m),
            UnrealizedPnl = BinanceJson.OptionalDecimal(row, "unRealizedProfit") ?? 0m,
            Leverage = leverage is > 0 and <= int.MaxValue ? (int)leverage : throw new BinanceMalformedException($"Leverage {leverage} is out of range."),
            MarginMode = MarginMode(BinanceJson.OptionalString(row, "marginType") ?? "cross"),
            LiquidationPrice = PositiveOrNull(BinanceJson.OptionalDecimal(row, "liquidationPrice") ?? 0m),
            UpdateTime = BinanceJson.Time(BinanceJson.OptionalLong(row, "updateTime") ?? 0),
        };
    }

    public static void ExpectSymbol(JsonElement root, string symbol)
    {
        var actual = BinanceJson.String(root, "symbol");
        if (!string.Equals(actual, symbol, StringComparison.Ordinal))
        {
            throw new BinanceMalformedException($"Unexpected symbol '{actual}' in the response (requested '{symbol}').");
        }
    }

    public static OrderSide Side(string value) => value switch
    {
        "BUY" => OrderSide.Buy,
        "SELL" => OrderSide.Sell,
        _ => throw Unknown("side", value),
    };

    public static OrderType Type(string value) => value switch
    {
        "MARKET" => OrderType.Market,
        "LIMIT" or "LIMIT_MAKER" => OrderType.Limit,
        "STOP_LOSS" or "STOP_MARKET" or "TAKE_PROFIT" or "TAKE_PROFIT_MARKET" or "TRAILING_STOP_MARKET" => OrderType.StopMarket,
        "STOP_LOSS_LIMIT" or "STOP" or "TAKE_PROFIT_LIMIT" => OrderType.StopLimit,
        _ => throw Unknown("order type", value),
    };

    public static ExecutionStatus Status(string value) => value switch
    {
        "NEW" or "PENDING_NEW" or "PENDING_CANCEL" => ExecutionStatus.Accepted,
        "PARTIALLY_FILLED" => ExecutionStatus.PartiallyFilled,
        "FILLED" or "NEW_INSURANCE" or "NEW_ADL" => ExecutionStatus.Filled,
        "CANCELED" => ExecutionStatus.Cancelled,
        "REJECTED" => ExecutionStatus.Rejected,
        "EXPIRED" or "EXPIRED_IN_MATCH" => ExecutionStatus.Expired,
        _ => throw Unknown("order status", value),
    };

    public static TimeInForce TimeInForce(string value) => value switch
    {
        "GTC" or "GTX" or "GTD" => Execution.TimeInForce.GoodTillCanceled,
        "IOC" => Execution.TimeInForce.ImmediateOrCancel,
        "FOK" => Execution.TimeInForce.FillOrKill,
        _ => throw Unknown("time in force", value),
    };

    public static MarginMode MarginMode(string value) => value.ToUpperInvariant() switch
    {
        "CROSS" or "CROSSED" => Exchanges.MarginMode.Cross,
        "ISOLATED" => Exchanges.MarginMode.Isolated,
        _ => throw Unknown("margin type", value),
    };

    private static BinanceMalformedException Unknown(string what, string value) =>
        new($"Unknown {what} '{BinanceJson.Truncate(value, 40)}'.");

    private static decimal? PositiveOrNull(decimal value) => value > 0m ? value : null;
}
