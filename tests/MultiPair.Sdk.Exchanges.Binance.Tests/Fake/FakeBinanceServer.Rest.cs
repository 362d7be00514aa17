using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

// The fake compares Binance's fixed ASCII tokens (BUY, LIMIT, NEW...) all over; == on strings is ordinal and reads better here.
#pragma warning disable MA0006

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Fake;

/// <summary>The REST half: spot <c>/api/v3</c> and USDⓈ-M <c>/fapi</c>, signature and timestamp checks, weight counting, an order book and faults.</summary>
public sealed partial class FakeBinanceServer
{
    private const decimal FeeRate = 0.001m;

    private readonly Lock _restGate = new();
    private readonly Dictionary<string, FakeOrder> _restOrders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _restPlacements = new(StringComparer.Ordinal);
    private readonly Dictionary<(bool Futures, long Window), int> _restOrderCount = [];
    private readonly Lock _restOrderCountGate = new();
    private int _restOrderCountExceeded;
    private int _restMaxOrdersInWindow;
    private readonly ConcurrentDictionary<string, int> _restRequests = new(StringComparer.Ordinal);
    private readonly List<FakeTrade> _restTrades = [];
    private readonly Dictionary<string, Queue<FakeFault>> _restFaults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _restLastPrices = new(StringComparer.Ordinal) { ["BTCUSDT"] = 50000m, ["ETHUSDT"] = 3000m };
    private readonly Dictionary<string, decimal> _restSpotBalances = new(StringComparer.Ordinal) { ["USDT"] = 100000m, ["BTC"] = 1m, ["ETH"] = 10m };
    private readonly Dictionary<string, (decimal Amount, decimal Entry)> _restPositions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _restLeverage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _restMarginType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FakeKline>> _restKlines = new(StringComparer.Ordinal);
    private readonly Lazy<Dictionary<string, FakeSymbol>> _spotSymbols = new(() => LoadSymbols(SpotExchangeInfoFile));
    private readonly Lazy<Dictionary<string, FakeSymbol>> _futuresSymbols = new(() => LoadSymbols(FuturesExchangeInfoFile));
    private decimal _restFuturesWallet = 100000m;
    private long _restNextOrderId = 1000;
    private long _restNextTradeId = 1;
    private long _restClockShiftTicks;
    private long _restWeightWindow = -1;
    private int _restWeightUsed;
    private int _restMaxWeightUsed;
    private int _restTooManyRequests;
    private int _restRequestCount;
    private DateTimeOffset _restBannedUntil;

    private const string SpotExchangeInfoFile = "nautilus_http_responses_http_spot_market_exchange_info.json";
    private const string FuturesExchangeInfoFile = "nautilus_http_responses_http_futures_market_exchange_info.json";

    /// <summary>Gets the server's current time (its clock plus any <see cref="ShiftClock"/>).</summary>
    public DateTimeOffset ServerNow => Time.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _restClockShiftTicks));

    /// <summary>Gets or sets the request-weight limit per minute (default 6,000, Binance spot's).</summary>
    public int WeightLimit { get; set; } = 6000;

    /// <summary>Gets the most weight used in any one minute.</summary>
    public int MaxWeightUsed => Volatile.Read(ref _restMaxWeightUsed);

    /// <summary>Gets how many requests were refused with HTTP 429 because the weight limit was exceeded.</summary>
    public int WeightLimitExceeded => Volatile.Read(ref _restTooManyRequests);

    /// <summary>Gets how many REST requests arrived (every endpoint).</summary>
    public int RestRequestCount => Volatile.Read(ref _restRequestCount);

    /// <summary>Gets how many requests arrived for one path (any method).</summary>
    public int RequestsTo(string path) => _restRequests.GetValueOrDefault(path);

    /// <summary>Gets how many times an order with this client id reached the order endpoint (accepted or refused as a duplicate).</summary>
    public int PlacementCount(string clientOrderId) => _restPlacements.GetValueOrDefault(clientOrderId);

    /// <summary>Gets every order in the book.</summary>
    public IReadOnlyList<FakeOrder> RestOrders
    {
        get
        {
            lock (_restGate)
            {
                return [.. _restOrders.Values.OrderBy(static o => o.OrderId)];
            }
        }
    }

    /// <summary>Gets every trade.</summary>
    public IReadOnlyList<FakeTrade> RestTrades
    {
        get
        {
            lock (_restGate)
            {
                return [.. _restTrades];
            }
        }
    }

    /// <summary>Gets an order by client id (either market), or null.</summary>
    public FakeOrder? FindOrder(string clientOrderId)
    {
        lock (_restGate)
        {
            return _restOrders.Values.FirstOrDefault(o => o.ClientOrderId == clientOrderId);
        }
    }

    /// <summary>Moves the server's clock (clock drift: the client's timestamps then fall outside recvWindow until it resyncs).</summary>
    public void ShiftClock(TimeSpan shift) => Interlocked.Add(ref _restClockShiftTicks, shift.Ticks);

    /// <summary>Sets the last (and market-fill) price of a symbol.</summary>
    public void SetLastPrice(string symbol, decimal price)
    {
        lock (_restGate)
        {
            _restLastPrices[symbol] = price;
        }
    }

    /// <summary>Sets a spot balance (free).</summary>
    public void SetSpotBalance(string asset, decimal free)
    {
        lock (_restGate)
        {
            _restSpotBalances[asset] = free;
        }
    }

    /// <summary>Gets a spot balance.</summary>
    public decimal SpotBalance(string asset)
    {
        lock (_restGate)
        {
            return _restSpotBalances.GetValueOrDefault(asset);
        }
    }

    /// <summary>Sets the futures USDT wallet balance.</summary>
    public void SetFuturesWallet(decimal balance)
    {
        lock (_restGate)
        {
            _restFuturesWallet = balance;
        }
    }

    /// <summary>Gets a futures position amount (signed).</summary>
    public decimal PositionAmount(string symbol)
    {
        lock (_restGate)
        {
            return _restPositions.GetValueOrDefault(symbol).Amount;
        }
    }

    /// <summary>Sets the klines served for a symbol and interval (sorted by open time).</summary>
    public void SetKlines(string symbol, string interval, IEnumerable<FakeKline> klines)
    {
        lock (_restGate)
        {
            _restKlines[symbol + "|" + interval] = [.. klines.OrderBy(static k => k.OpenTime)];
        }
    }

    /// <summary>Generates <paramref name="count"/> consecutive klines from <paramref name="start"/>.</summary>
    public static IEnumerable<FakeKline> GenerateKlines(DateTimeOffset start, TimeSpan interval, int count, decimal firstPrice = 100m)
    {
        var open = start.ToUnixTimeMilliseconds();
        var step = (long)interval.TotalMilliseconds;
        for (var i = 0; i < count; i++)
        {
            var price = firstPrice + i;
            yield return new FakeKline(open + (i * step), price, price + 2m, price - 1m, price + 1m, 10m + i);
        }
    }

    /// <summary>Gets or sets how many new orders an account may send per window (10 s spot, 1 min futures); more are refused with -1015.</summary>
    public int OrderCountLimit { get; set; } = 50;

    /// <summary>Gets how many new orders were refused with -1015.</summary>
    public int OrderCountExceeded => Volatile.Read(ref _restOrderCountExceeded);

    /// <summary>Gets the most new orders counted in one window.</summary>
    public int MaxOrdersInWindow => Volatile.Read(ref _restMaxOrdersInWindow);

    private long OrderWindow(bool futures) => NowMs() / (futures ? 60_000 : 10_000);

    private bool OrderWindowFull(bool futures)
    {
        lock (_restOrderCountGate)
        {
            var window = OrderWindow(futures);
            var full = _restOrderCount.TryGetValue((futures, window), out var n) && n >= OrderCountLimit;
            if (full)
            {
                Interlocked.Increment(ref _restOrderCountExceeded);
            }

            return full;
        }
    }

    private int CountOrder(bool futures)
    {
        lock (_restOrderCountGate)
        {
            var key = (futures, OrderWindow(futures));
            var n = _restOrderCount.GetValueOrDefault(key) + 1;
            _restOrderCount[key] = n;
            _restMaxOrdersInWindow = Math.Max(_restMaxOrdersInWindow, n);
            return n;
        }
    }

    /// <summary>Makes the next <paramref name="times"/> requests to <paramref name="path"/> (optionally only with <paramref name="method"/>) fail with <paramref name="fault"/>.</summary>
    public void InjectFault(string path, FakeFault fault, int times = 1, string? method = null)
    {
        lock (_restGate)
        {
            var key = (method ?? "*") + " " + path;
            if (!_restFaults.TryGetValue(key, out var queue))
            {
                _restFaults[key] = queue = new Queue<FakeFault>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    /// <summary>Makes the next <paramref name="times"/> requests to <paramref name="path"/> for <paramref name="symbol"/> fail with <paramref name="fault"/> (other symbols are served).</summary>
    public void InjectSymbolFault(string path, string symbol, FakeFault fault, int times = 1) => InjectFault(path + " " + symbol, fault, times);

    /// <summary>Lists a further trading symbol (spot and futures) with default filters, so the server knows it.</summary>
    public void AddSymbol(string baseAsset, string quoteAsset)
    {
        lock (_restGate)
        {
            _spotSymbols.Value.TryAdd(baseAsset + quoteAsset, new FakeSymbol(baseAsset, quoteAsset));
            _futuresSymbols.Value.TryAdd(baseAsset + quoteAsset, new FakeSymbol(baseAsset, quoteAsset));
        }
    }

    /// <summary>Fills a resting order (partially or fully) at a price, as a maker.</summary>
    public FakeTrade FillOrder(string clientOrderId, decimal quantity, decimal price)
    {
        lock (_restGate)
        {
            var order = _restOrders.Values.Single(o => o.ClientOrderId == clientOrderId);
            if (order.Status is not ("NEW" or "PARTIALLY_FILLED"))
            {
                throw new InvalidOperationException($"Order {clientOrderId} is {order.Status}.");
            }

            return ApplyFill(order, Math.Min(quantity, order.Quantity - order.ExecutedQuantity), price, isMaker: true);
        }
    }

    /// <summary>Expires a resting order.</summary>
    public void ExpireOrder(string clientOrderId)
    {
        lock (_restGate)
        {
            var order = _restOrders.Values.Single(o => o.ClientOrderId == clientOrderId);
            Replace(order with { Status = "EXPIRED", ExecutionType = "EXPIRED", UpdateTime = NowMs() }, trade: null);
        }
    }

    partial void MapRest(WebApplication app)
    {
        foreach (var prefix in new[] { "/api/v3", "/fapi/v1" })
        {
            var futures = prefix == "/fapi/v1";
            Route(app, "GET", prefix + "/time", _ => 1, signed: false, r => Ok(new JsonObject { ["serverTime"] = r.Now }));
            Route(app, "GET", prefix + "/exchangeInfo", _ => futures ? 1 : 20, signed: false, ExchangeInfo);
            Route(app, "GET", prefix + "/klines", r => futures ? FuturesKlineWeight(r.Int("limit") ?? 500) : 2, signed: false, Klines);
            Route(app, "GET", prefix + "/ticker/bookTicker", _ => 2, signed: false, BookTickerReply);
            Route(app, "GET", prefix + "/ticker/24hr", _ => futures ? 1 : 2, signed: false, Ticker24hReply);
            Route(app, "POST", prefix + "/order", _ => futures ? 0 : 1, signed: true, NewOrder);
            Route(app, "GET", prefix + "/order", _ => futures ? 1 : 4, signed: true, QueryOrder);
            Route(app, "DELETE", prefix + "/order", _ => 1, signed: true, CancelOrder);
            Route(app, "GET", prefix + "/openOrders", r => r.Has("symbol") ? (futures ? 1 : 6) : (futures ? 40 : 80), signed: true, OpenOrders);
        }

        Route(app, "GET", "/api/v3/myTrades", _ => 20, signed: true, UserTrades);
        Route(app, "GET", "/fapi/v1/userTrades", _ => 5, signed: true, UserTrades);
        Route(app, "GET", "/api/v3/account", _ => 20, signed: true, SpotAccount);
        Route(app, "GET", "/fapi/v2/balance", _ => 5, signed: true, FuturesBalance);
        Route(app, "GET", "/fapi/v3/balance", _ => 5, signed: true, FuturesBalance);
        Route(app, "GET", "/fapi/v2/positionRisk", _ => 5, signed: true, PositionRisk);
        Route(app, "GET", "/fapi/v3/positionRisk", _ => 5, signed: true, PositionRisk);
        Route(app, "POST", "/fapi/v1/leverage", _ => 1, signed: true, Leverage);
        Route(app, "POST", "/fapi/v1/marginType", _ => 1, signed: true, MarginType);
    }

    private static int FuturesKlineWeight(int limit) => limit switch
    {
        < 100 => 1,
        < 500 => 2,
        <= 1000 => 5,
        _ => 10,
    };

    private static string Str(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static Reply Ok(JsonNode body) => new(200, body);

    private static Reply Fail(int status, int code, string message) => new(status, new JsonObject { ["code"] = code, ["msg"] = message });

    private long NowMs() => ServerNow.ToUnixTimeMilliseconds();

    private void Route(WebApplication app, string method, string path, Func<RestRequest, int> weight, bool signed, Func<RestRequest, Reply> handler) =>
        app.MapMethods(path, [method], context => HandleAsync(context, method, path, weight, signed, handler));

    private async Task HandleAsync(HttpContext context, string method, string path, Func<RestRequest, int> weight, bool signed, Func<RestRequest, Reply> handler)
    {
        Interlocked.Increment(ref _restRequestCount);
        _restRequests.AddOrUpdate(path, 1, static (_, n) => n + 1);
        var query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : string.Empty;
        string body;
        using (var reader = new StreamReader(context.Request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in new[] { query, body })
        {
            foreach (var (key, value) in QueryHelpers.ParseQuery(source))
            {
                parameters[key] = value.ToString();
            }
        }

        var request = new RestRequest(path.StartsWith("/fapi", StringComparison.Ordinal), parameters, NowMs());
        var now = ServerNow;
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);

        FakeFault? fault;
        int used;
        DateTimeOffset bannedUntil;
        lock (_restGate)
        {
            bannedUntil = _restBannedUntil;
        }

        if (now < bannedUntil)
        {
            headers["Retry-After"] = Seconds(bannedUntil - now);
            await WriteAsync(context, Fail(418, -1003, "Way too many requests; IP banned until " + bannedUntil.ToUnixTimeMilliseconds() + "."), headers);
            return;
        }

        lock (_restGate)
        {

            var window = now.ToUnixTimeMilliseconds() / 60_000;
            if (window != _restWeightWindow)
            {
                _restWeightWindow = window;
                _restWeightUsed = 0;
            }

            _restWeightUsed += weight(request);
            used = _restWeightUsed;
            _restMaxWeightUsed = Math.Max(_restMaxWeightUsed, used);
            fault = NextFault(method, path, request.Get("symbol"));
        }

        headers["X-MBX-USED-WEIGHT-1M"] = used.ToString(CultureInfo.InvariantCulture);
        if (used > WeightLimit)
        {
            Interlocked.Increment(ref _restTooManyRequests);
            var nextWindow = DateTimeOffset.FromUnixTimeMilliseconds((now.ToUnixTimeMilliseconds() / 60_000 + 1) * 60_000);
            headers["Retry-After"] = Seconds(nextWindow - now);
            await WriteAsync(context, Fail(429, -1003, "Too much request weight used; current limit is " + WeightLimit + " request weight per 1 MINUTE."), headers);
            return;
        }

        switch (fault?.Kind)
        {
            case FakeFaultKind.TooManyRequests:
                headers["Retry-After"] = Seconds(fault.Delay);
                await WriteAsync(context, Fail(429, -1003, "Too many requests; please use the websocket for live updates."), headers);
                return;
            case FakeFaultKind.Ban:
                lock (_restGate)
                {
                    _restBannedUntil = now + fault.Delay;
                }

                headers["Retry-After"] = Seconds(fault.Delay);
                await WriteAsync(context, Fail(418, -1003, "Way too many requests; IP banned."), headers);
                return;
            case FakeFaultKind.Error when !fault.AfterAccept:
                await WriteAsync(context, Fail(fault.Status, fault.Code, fault.Message), headers);
                return;
            default:
                break;
        }

        if (signed && Authenticate(context, query, body, request) is { } refused)
        {
            await WriteAsync(context, refused, headers);
            return;
        }

        Reply reply;
        try
        {
            reply = method == "POST" && path.EndsWith("/order", StringComparison.Ordinal) && OrderWindowFull(request.Futures)
                ? Fail(429, -1015, $"Too many new orders; current limit is {OrderCountLimit} orders per {(request.Futures ? "1 MINUTE" : "10 SECOND")}.")
                : handler(request);
        }
        catch (MissingParameterException ex)
        {
            reply = Fail(400, -1102, $"Mandatory parameter '{ex.Message}' was not sent, was empty/null, or malformed.");
        }

        if (method == "POST" && path.EndsWith("/order", StringComparison.Ordinal) && reply.Status != 429)
        {
            headers[request.Futures ? "X-MBX-ORDER-COUNT-1M" : "X-MBX-ORDER-COUNT-10S"] = CountOrder(request.Futures).ToString(CultureInfo.InvariantCulture);
        }

        switch (fault?.Kind)
        {
            case FakeFaultKind.ServerErrorAfterAccept:
                context.Response.StatusCode = fault.Status;
                await context.Response.WriteAsync("<html><body>Service Unavailable</body></html>");
                return;
            case FakeFaultKind.DelayAfterAccept:
                try
                {
                    await Task.Delay(fault.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                break;
            case FakeFaultKind.DropConnectionAfterAccept:
                context.Abort();
                return;
            case FakeFaultKind.Error:
                reply = Fail(fault.Status, fault.Code, fault.Message);
                break;
            case FakeFaultKind.MalformedJson:
                var text = reply.Body.ToJsonString();
                context.Response.StatusCode = reply.Status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(text[..(text.Length / 2)]);
                return;
            case FakeFaultKind.MissingField:
                Mutate(reply.Body, obj => obj.Remove(fault.Field));
                break;
            case FakeFaultKind.SetField:
                Mutate(reply.Body, obj => obj[fault.Field] = fault.Value);
                break;
            default:
                break;
        }

        await WriteAsync(context, reply, headers);
    }

    private static void Mutate(JsonNode body, Action<JsonObject> change)
    {
        if (body is JsonObject obj)
        {
            change(obj);
        }
        else if (body is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                change(item);
            }
        }
    }

    private static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static async Task WriteAsync(HttpContext context, Reply reply, Dictionary<string, string> headers)
    {
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = new StringValues(value);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body.ToJsonString());
    }

    private FakeFault? NextFault(string method, string path, string? symbol)
    {
        string[] keys = symbol is null ? [method + " " + path, "* " + path] : ["* " + path + " " + symbol, method + " " + path, "* " + path];
        foreach (var key in keys)
        {
            if (_restFaults.TryGetValue(key, out var queue) && queue.TryDequeue(out var fault))
            {
                return fault;
            }
        }

        return null;
    }

    private static Reply? Authenticate(HttpContext context, string query, string body, RestRequest request)
    {
        if (!string.Equals(context.Request.Headers["X-MBX-APIKEY"].ToString(), ApiKey, StringComparison.Ordinal))
        {
            return Fail(401, -2015, "Invalid API-key, IP, or permissions for action.");
        }

        // totalParams = query string + request body, without the signature parameter.
        var signature = request.Get("signature");
        var payload = StripSignature(query) + StripSignature(body);
        if (signature is null || !BinanceSigner.Verify(ApiSecret, payload, signature))
        {
            return Fail(400, -1022, "Signature for this request is not valid.");
        }

        var timestamp = request.Long("timestamp");
        var window = request.Long("recvWindow") ?? 5000;
        if (timestamp is not { } ts || ts < request.Now - window || ts > request.Now + 1000)
        {
            return Fail(400, -1021, "Timestamp for this request is outside of the recvWindow.");
        }

        return null;
    }

    private static string StripSignature(string text)
    {
        var index = text.IndexOf("signature=", StringComparison.Ordinal);
        if (index < 0)
        {
            return text;
        }

        var end = text.IndexOf('&', index);
        var start = index > 0 && text[index - 1] == '&' ? index - 1 : index;
        return end < 0 ? text[..start] : text[..start] + text[(end + (start == index ? 1 : 0))..];
    }

    private Reply ExchangeInfo(RestRequest request)
    {
        var text = File.ReadAllText(FixturePath(request.Futures ? FuturesExchangeInfoFile : SpotExchangeInfoFile));
        var node = JsonNode.Parse(text)!.AsObject();
        node["serverTime"] = request.Now;
        return Ok(node);
    }

    private Reply Klines(RestRequest request)
    {
        var symbol = request.Required("symbol");
        var interval = request.Required("interval");
        if (!Symbols(request.Futures).ContainsKey(symbol))
        {
            return Fail(400, -1121, "Invalid symbol.");
        }

        var step = (long)Timeframe(interval).TotalMilliseconds;
        var limit = Math.Min(request.Int("limit") ?? 500, request.Futures ? 1500 : 1000);
        var start = request.Long("startTime");
        var end = request.Long("endTime");
        List<FakeKline> all;
        lock (_restGate)
        {
            all = _restKlines.GetValueOrDefault(symbol + "|" + interval) ?? [];
        }

        var selected = all.Where(k => (start is null || k.OpenTime >= start) && (end is null || k.OpenTime <= end)).ToList();
        selected = start is null && end is not null ? [.. selected.TakeLast(limit)] : [.. selected.Take(limit)];
        var array = new JsonArray();
        foreach (var k in selected)
        {
            array.Add(new JsonArray(k.OpenTime, Str(k.Open), Str(k.High), Str(k.Low), Str(k.Close), Str(k.Volume), k.OpenTime + step - 1, Str(k.Volume * k.Close), 10, "0", "0", "0"));
        }

        return Ok(array);
    }

    private static TimeSpan Timeframe(string interval) => interval[^1] switch
    {
        's' => TimeSpan.FromSeconds(int.Parse(interval[..^1], CultureInfo.InvariantCulture)),
        'm' => TimeSpan.FromMinutes(int.Parse(interval[..^1], CultureInfo.InvariantCulture)),
        'h' => TimeSpan.FromHours(int.Parse(interval[..^1], CultureInfo.InvariantCulture)),
        'd' => TimeSpan.FromDays(int.Parse(interval[..^1], CultureInfo.InvariantCulture)),
        'w' => TimeSpan.FromDays(7 * int.Parse(interval[..^1], CultureInfo.InvariantCulture)),
        _ => throw new MissingParameterException("interval"),
    };

    private Reply BookTickerReply(RestRequest request)
    {
        var symbol = request.Required("symbol");
        if (!TryLastPrice(request.Futures, symbol, out var price))
        {
            return Fail(400, -1121, "Invalid symbol.");
        }

        var tick = Symbols(request.Futures)[symbol].TickSize;
        var body = new JsonObject
        {
            ["symbol"] = symbol,
            ["bidPrice"] = Str(price - tick),
            ["bidQty"] = "1.5",
            ["askPrice"] = Str(price + tick),
            ["askQty"] = "2.5",
        };
        if (request.Futures)
        {
            body["lastUpdateId"] = 1027024;
            body["time"] = request.Now;
        }

        return Ok(body);
    }

    private Reply Ticker24hReply(RestRequest request)
    {
        var symbol = request.Required("symbol");
        if (!TryLastPrice(request.Futures, symbol, out var price))
        {
            return Fail(400, -1121, "Invalid symbol.");
        }

        return Ok(new JsonObject
        {
            ["symbol"] = symbol,
            ["priceChange"] = Str(price * 0.02m),
            ["priceChangePercent"] = "2.041",
            ["weightedAvgPrice"] = Str(price),
            ["lastPrice"] = Str(price),
            ["lastQty"] = "0.5",
            ["openPrice"] = Str(price * 0.98m),
            ["highPrice"] = Str(price * 1.01m),
            ["lowPrice"] = Str(price * 0.97m),
            ["volume"] = "1234.5",
            ["quoteVolume"] = Str(price * 1234.5m),
            ["openTime"] = request.Now - 86_400_000,
            ["closeTime"] = request.Now,
            ["firstId"] = 1,
            ["lastId"] = 100,
            ["count"] = 100,
        });
    }

    private bool TryLastPrice(bool futures, string symbol, out decimal price)
    {
        price = 0m;
        if (!Symbols(futures).ContainsKey(symbol))
        {
            return false;
        }

        lock (_restGate)
        {
            price = _restLastPrices.GetValueOrDefault(symbol, 100m);
        }

        return true;
    }

    private Reply NewOrder(RestRequest request)
    {
        var symbol = request.Required("symbol");
        var side = request.Required("side");
        var type = request.Required("type");
        var quantity = request.Decimal("quantity") ?? throw new MissingParameterException("quantity");
        var clientId = request.Get("newClientOrderId") ?? "x-" + Guid.NewGuid().ToString("N")[..20];
        _restPlacements.AddOrUpdate(clientId, 1, static (_, n) => n + 1);
        if (!Symbols(request.Futures).TryGetValue(symbol, out var info))
        {
            return Fail(400, -1121, "Invalid symbol.");
        }

        var types = request.Futures ? new[] { "MARKET", "LIMIT", "STOP_MARKET", "STOP" } : ["MARKET", "LIMIT", "STOP_LOSS", "STOP_LOSS_LIMIT"];
        if (!types.Contains(type) || side is not ("BUY" or "SELL"))
        {
            return Fail(400, -1116, "Invalid orderType.");
        }

        if (!request.Futures && request.Has("reduceOnly"))
        {
            return Fail(400, -1104, "Not all sent parameters were read; read '8' parameter(s) but was sent '9'.");
        }

        var needsPrice = type is "LIMIT" or "STOP_LOSS_LIMIT" or "STOP";
        var needsStop = type is "STOP_LOSS" or "STOP_LOSS_LIMIT" or "STOP_MARKET" or "STOP";
        var price = request.Decimal("price");
        var stop = request.Decimal("stopPrice");
        if (needsPrice && price is null)
        {
            throw new MissingParameterException("price");
        }

        if (needsStop && stop is null)
        {
            throw new MissingParameterException("stopPrice");
        }

        if (needsPrice && !request.Has("timeInForce"))
        {
            throw new MissingParameterException("timeInForce");
        }

        if (quantity < info.MinQuantity || (quantity - info.MinQuantity) % info.StepSize != 0m)
        {
            return Fail(400, -1013, "Filter failure: LOT_SIZE");
        }

        if (price is { } p && (p < info.MinPrice || (p - info.MinPrice) % info.TickSize != 0m))
        {
            return Fail(400, -1013, "Filter failure: PRICE_FILTER");
        }

        lock (_restGate)
        {
            // Like Binance: a client order id is unique among OPEN orders only; a filled or cancelled order's id can be
            // reused, so a blind resend of a filled market order would trade again (which the executor must never do).
            if (_restOrders.TryGetValue(Key(request.Futures, clientId), out var existing) && existing.Status is "NEW" or "PARTIALLY_FILLED")
            {
                return request.Futures ? Fail(400, -4116, "ClientOrderId is duplicated.") : Fail(400, -2010, "Duplicate order sent.");
            }

            var last = _restLastPrices.GetValueOrDefault(symbol, 100m);
            var reference = price ?? last;
            if (quantity * reference < info.MinNotional)
            {
                return Fail(400, -1013, request.Futures ? "Filter failure: MIN_NOTIONAL" : "Filter failure: NOTIONAL");
            }

            if (!request.Futures)
            {
                var needed = side == "BUY" ? quantity * reference * (1 + FeeRate) : quantity;
                var asset = side == "BUY" ? info.QuoteAsset : info.BaseAsset;
                if (_restSpotBalances.GetValueOrDefault(asset) < needed)
                {
                    return Fail(400, -2010, "Account has insufficient balance for requested action.");
                }
            }
            else
            {
                var leverage = _restLeverage.GetValueOrDefault(symbol, 20);
                if (quantity * reference / leverage > FuturesAvailable())
                {
                    return Fail(400, -2019, "Margin is insufficient.");
                }
            }

            var now = NowMs();
            var order = new FakeOrder
            {
                Futures = request.Futures,
                Symbol = symbol,
                OrderId = _restNextOrderId++,
                ClientOrderId = clientId,
                Side = side,
                Type = type,
                Status = "NEW",
                Quantity = quantity,
                Price = price ?? 0m,
                StopPrice = stop ?? 0m,
                TimeInForce = request.Get("timeInForce") ?? "GTC",
                ReduceOnly = request.Get("reduceOnly") == "true",
                ExecutionType = "NEW",
                CreateTime = now,
                UpdateTime = now,
            };
            Replace(order, trade: null);
            var fills = new List<FakeTrade>();
            var marketable = type == "MARKET" || (type == "LIMIT" && (side == "BUY" ? price >= last : price <= last));
            if (marketable)
            {
                fills.Add(ApplyFill(order, quantity, last, isMaker: false));
            }
            else if (type == "LIMIT" && order.TimeInForce is "IOC" or "FOK")
            {
                Replace(order with { Status = "EXPIRED", ExecutionType = "EXPIRED" }, trade: null);
            }

            var current = _restOrders[Key(request.Futures, clientId)];
            var body = OrderJson(current);
            if (!request.Futures)
            {
                body["transactTime"] = now;
                body.Remove("time");
                if (request.Get("newOrderRespType") == "FULL")
                {
                    var array = new JsonArray();
                    foreach (var fill in fills)
                    {
                        array.Add(new JsonObject
                        {
                            ["price"] = Str(fill.Price),
                            ["qty"] = Str(fill.Quantity),
                            ["commission"] = Str(fill.Commission),
                            ["commissionAsset"] = fill.CommissionAsset,
                            ["tradeId"] = fill.TradeId,
                        });
                    }

                    body["fills"] = array;
                }
            }

            return Ok(body);
        }
    }

    private Reply QueryOrder(RestRequest request)
    {
        var symbol = request.Required("symbol");
        lock (_restGate)
        {
            var order = Find(request);
            return order is null || order.Symbol != symbol ? Fail(400, -2013, "Order does not exist.") : Ok(OrderJson(order));
        }
    }

    private Reply CancelOrder(RestRequest request)
    {
        var symbol = request.Required("symbol");
        lock (_restGate)
        {
            var order = Find(request);
            if (order is null || order.Symbol != symbol || order.Status is not ("NEW" or "PARTIALLY_FILLED"))
            {
                return Fail(400, -2011, "Unknown order sent.");
            }

            var cancelled = order with { Status = "CANCELED", ExecutionType = "CANCELED", UpdateTime = NowMs() };
            Replace(cancelled, trade: null);
            var body = OrderJson(cancelled);
            if (!request.Futures)
            {
                body["origClientOrderId"] = cancelled.ClientOrderId;
                body["clientOrderId"] = "cancel-" + cancelled.OrderId.ToString(CultureInfo.InvariantCulture);
                body["transactTime"] = cancelled.UpdateTime;
            }

            return Ok(body);
        }
    }

    private Reply OpenOrders(RestRequest request)
    {
        var symbol = request.Get("symbol");
        lock (_restGate)
        {
            var array = new JsonArray();
            foreach (var order in _restOrders.Values.Where(o => o.Futures == request.Futures && o.Status is "NEW" or "PARTIALLY_FILLED"
                         && (symbol is null || o.Symbol == symbol)).OrderBy(static o => o.OrderId))
            {
                array.Add(OrderJson(order));
            }

            return Ok(array);
        }
    }

    private Reply UserTrades(RestRequest request)
    {
        var symbol = request.Required("symbol");
        var from = request.Long("fromId") ?? 0;
        var limit = request.Int("limit") ?? 500;
        lock (_restGate)
        {
            var orders = _restOrders.Values.Where(o => o.Futures == request.Futures).ToDictionary(static o => o.OrderId);
            var array = new JsonArray();
            foreach (var trade in _restTrades.Where(t => t.Symbol == symbol && t.TradeId >= from && orders.ContainsKey(t.OrderId)).Take(limit))
            {
                var buyer = orders[trade.OrderId].Side == "BUY";
                var row = new JsonObject
                {
                    ["symbol"] = trade.Symbol,
                    ["id"] = trade.TradeId,
                    ["orderId"] = trade.OrderId,
                    ["price"] = Str(trade.Price),
                    ["qty"] = Str(trade.Quantity),
                    ["quoteQty"] = Str(trade.Price * trade.Quantity),
                    ["commission"] = Str(trade.Commission),
                    ["commissionAsset"] = trade.CommissionAsset,
                    ["time"] = trade.Time,
                };
                if (request.Futures)
                {
                    row["side"] = buyer ? "BUY" : "SELL";
                    row["buyer"] = buyer;
                    row["maker"] = trade.IsMaker;
                    row["realizedPnl"] = Str(trade.RealizedPnl);
                    row["positionSide"] = "BOTH";
                }
                else
                {
                    row["orderListId"] = -1;
                    row["isBuyer"] = buyer;
                    row["isMaker"] = trade.IsMaker;
                    row["isBestMatch"] = true;
                }

                array.Add(row);
            }

            return Ok(array);
        }
    }

    private Reply SpotAccount(RestRequest request)
    {
        lock (_restGate)
        {
            var balances = new JsonArray();
            foreach (var (asset, free) in _restSpotBalances.OrderBy(static b => b.Key, StringComparer.Ordinal))
            {
                balances.Add(new JsonObject { ["asset"] = asset, ["free"] = Str(free), ["locked"] = "0.00000000" });
            }

            return Ok(new JsonObject
            {
                ["makerCommission"] = 10,
                ["takerCommission"] = 10,
                ["canTrade"] = true,
                ["updateTime"] = request.Now,
                ["accountType"] = "SPOT",
                ["balances"] = balances,
                ["permissions"] = new JsonArray("SPOT"),
            });
        }
    }

    private Reply FuturesBalance(RestRequest request)
    {
        lock (_restGate)
        {
            var available = FuturesAvailable();
            return Ok(new JsonArray(new JsonObject
            {
                ["accountAlias"] = "SgsR",
                ["asset"] = "USDT",
                ["balance"] = Str(_restFuturesWallet),
                ["crossWalletBalance"] = Str(_restFuturesWallet),
                ["crossUnPnl"] = "0.00000000",
                ["availableBalance"] = Str(available),
                ["maxWithdrawAmount"] = Str(available),
                ["marginAvailable"] = true,
                ["updateTime"] = request.Now,
            }));
        }
    }

    private Reply PositionRisk(RestRequest request)
    {
        lock (_restGate)
        {
            var array = new JsonArray();
            foreach (var symbol in Symbols(futures: true).Keys.Order(StringComparer.Ordinal))
            {
                var (amount, entry) = _restPositions.GetValueOrDefault(symbol);
                var mark = _restLastPrices.GetValueOrDefault(symbol, 100m);
                array.Add(new JsonObject
                {
                    ["symbol"] = symbol,
                    ["positionAmt"] = Str(amount),
                    ["entryPrice"] = Str(entry),
                    ["breakEvenPrice"] = "0.0",
                    ["markPrice"] = Str(mark),
                    ["unRealizedProfit"] = Str(amount * (mark - entry)),
                    ["liquidationPrice"] = "0",
                    ["leverage"] = _restLeverage.GetValueOrDefault(symbol, 20).ToString(CultureInfo.InvariantCulture),
                    ["maxNotionalValue"] = "20000000",
                    ["marginType"] = _restMarginType.GetValueOrDefault(symbol, "cross"),
                    ["isolatedMargin"] = "0.00000000",
                    ["isAutoAddMargin"] = "false",
                    ["positionSide"] = "BOTH",
                    ["notional"] = Str(amount * mark),
                    ["isolatedWallet"] = "0",
                    ["updateTime"] = request.Now,
                });
            }

            return Ok(array);
        }
    }

    private Reply Leverage(RestRequest request)
    {
        var symbol = request.Required("symbol");
        var leverage = request.Int("leverage") ?? throw new MissingParameterException("leverage");
        if (!Symbols(futures: true).ContainsKey(symbol))
        {
            return Fail(400, -1121, "Invalid symbol.");
        }

        if (leverage is < 1 or > 125)
        {
            return Fail(400, -4028, "Leverage " + leverage.ToString(CultureInfo.InvariantCulture) + " is not valid");
        }

        lock (_restGate)
        {
            _restLeverage[symbol] = leverage;
        }

        return Ok(new JsonObject { ["leverage"] = leverage, ["maxNotionalValue"] = "1000000", ["symbol"] = symbol });
    }

    private Reply MarginType(RestRequest request)
    {
        var symbol = request.Required("symbol");
        var type = request.Required("marginType");
        if (!Symbols(futures: true).ContainsKey(symbol))
        {
            return Fail(400, -1121, "Invalid symbol.");
        }

        var wanted = type switch
        {
            "ISOLATED" => "isolated",
            "CROSSED" => "cross",
            _ => null,
        };
        if (wanted is null)
        {
            return Fail(400, -1116, "Invalid marginType.");
        }

        lock (_restGate)
        {
            if (_restMarginType.GetValueOrDefault(symbol, "cross") == wanted)
            {
                return Fail(400, -4046, "No need to change margin type.");
            }

            _restMarginType[symbol] = wanted;
        }

        return Ok(new JsonObject { ["code"] = 200, ["msg"] = "success" });
    }

    // Called under _restGate.
    private FakeTrade ApplyFill(FakeOrder order, decimal quantity, decimal price, bool isMaker)
    {
        var info = Symbols(order.Futures)[order.Symbol];
        var notional = quantity * price;
        var commission = notional * FeeRate;
        var realized = 0m;
        var buy = order.Side == "BUY";
        if (order.Futures)
        {
            var (amount, entry) = _restPositions.GetValueOrDefault(order.Symbol);
            var signed = buy ? quantity : -quantity;
            if (amount == 0m || Math.Sign(amount) == Math.Sign(signed))
            {
                var total = amount + signed;
                entry = ((Math.Abs(amount) * entry) + (quantity * price)) / Math.Abs(total);
                amount = total;
            }
            else
            {
                var closed = Math.Min(Math.Abs(amount), quantity);
                realized = closed * (price - entry) * Math.Sign(amount);
                amount += signed;
                if (amount == 0m)
                {
                    entry = 0m;
                }
                else if (Math.Sign(amount) == Math.Sign(signed))
                {
                    entry = price;
                }
            }

            _restPositions[order.Symbol] = (amount, entry);
            _restFuturesWallet += realized - commission;
        }
        else
        {
            var baseChange = buy ? quantity : -quantity;
            var quoteChange = buy ? -notional - commission : notional - commission;
            _restSpotBalances[info.BaseAsset] = _restSpotBalances.GetValueOrDefault(info.BaseAsset) + baseChange;
            _restSpotBalances[info.QuoteAsset] = _restSpotBalances.GetValueOrDefault(info.QuoteAsset) + quoteChange;
        }

        var trade = new FakeTrade
        {
            Symbol = order.Symbol,
            TradeId = _restNextTradeId++,
            OrderId = order.OrderId,
            Price = price,
            Quantity = quantity,
            Commission = commission,
            CommissionAsset = info.QuoteAsset,
            IsMaker = isMaker,
            RealizedPnl = realized,
            Time = NowMs(),
        };
        _restTrades.Add(trade);
        var current = _restOrders[Key(order.Futures, order.ClientOrderId)];
        var executed = current.ExecutedQuantity + quantity;
        Replace(current with
        {
            ExecutedQuantity = executed,
            CumulativeQuoteQuantity = current.CumulativeQuoteQuantity + notional,
            Status = executed >= current.Quantity ? "FILLED" : "PARTIALLY_FILLED",
            ExecutionType = "TRADE",
            UpdateTime = trade.Time,
        }, trade);
        return trade;
    }

    // Called under _restGate.
    private decimal FuturesAvailable()
    {
        var margin = 0m;
        foreach (var (symbol, (amount, entry)) in _restPositions)
        {
            margin += Math.Abs(amount) * entry / _restLeverage.GetValueOrDefault(symbol, 20);
        }

        return _restFuturesWallet - margin;
    }

    // Called under _restGate.
    private void Replace(FakeOrder order, FakeTrade? trade)
    {
        _restOrders[Key(order.Futures, order.ClientOrderId)] = order;
        OnOrderChanged(order, trade);
    }

    // Called under _restGate.
    private FakeOrder? Find(RestRequest request)
    {
        if (request.Get("origClientOrderId") is { } clientId)
        {
            return _restOrders.GetValueOrDefault(Key(request.Futures, clientId));
        }

        var orderId = request.Long("orderId") ?? throw new MissingParameterException("orderId");
        return _restOrders.Values.FirstOrDefault(o => o.Futures == request.Futures && o.OrderId == orderId);
    }

    private static string Key(bool futures, string clientId) => (futures ? "F:" : "S:") + clientId;

    private static JsonObject OrderJson(FakeOrder order)
    {
        var average = order.ExecutedQuantity > 0m ? order.CumulativeQuoteQuantity / order.ExecutedQuantity : 0m;
        var body = new JsonObject
        {
            ["symbol"] = order.Symbol,
            ["orderId"] = order.OrderId,
            ["clientOrderId"] = order.ClientOrderId,
            ["price"] = Str(order.Price),
            ["origQty"] = Str(order.Quantity),
            ["executedQty"] = Str(order.ExecutedQuantity),
            ["status"] = order.Status,
            ["timeInForce"] = order.TimeInForce,
            ["type"] = order.Type,
            ["side"] = order.Side,
            ["stopPrice"] = Str(order.StopPrice),
            ["time"] = order.CreateTime,
            ["updateTime"] = order.UpdateTime,
        };
        if (order.Futures)
        {
            body["avgPrice"] = Str(average);
            body["cumQty"] = Str(order.ExecutedQuantity);
            body["cumQuote"] = Str(order.CumulativeQuoteQuantity);
            body["reduceOnly"] = order.ReduceOnly;
            body["positionSide"] = "BOTH";
            body["closePosition"] = false;
            body["origType"] = order.Type;
            body["workingType"] = "CONTRACT_PRICE";
            body["priceProtect"] = false;
        }
        else
        {
            body["orderListId"] = -1;
            body["cummulativeQuoteQty"] = Str(order.CumulativeQuoteQuantity);
            body["icebergQty"] = "0.00000000";
            body["isWorking"] = order.Type is "LIMIT" or "MARKET";
            body["workingTime"] = order.CreateTime;
            body["origQuoteOrderQty"] = "0.00000000";
            body["selfTradePreventionMode"] = "NONE";
        }

        return body;
    }

    private Dictionary<string, FakeSymbol> Symbols(bool futures) => futures ? _futuresSymbols.Value : _spotSymbols.Value;

    private static string FixturePath(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", file);

    private static Dictionary<string, FakeSymbol> LoadSymbols(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FixturePath(file)));
        var result = new Dictionary<string, FakeSymbol>(StringComparer.Ordinal);
        foreach (var symbol in document.RootElement.GetProperty("symbols").EnumerateArray())
        {
            decimal D(JsonElement filter, string name) => decimal.Parse(filter.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
            var info = new FakeSymbol(symbol.GetProperty("baseAsset").GetString()!, symbol.GetProperty("quoteAsset").GetString()!);
            foreach (var filter in symbol.GetProperty("filters").EnumerateArray())
            {
                info = filter.GetProperty("filterType").GetString() switch
                {
                    "PRICE_FILTER" => info with { TickSize = D(filter, "tickSize"), MinPrice = D(filter, "minPrice") },
                    "LOT_SIZE" => info with { StepSize = D(filter, "stepSize"), MinQuantity = D(filter, "minQty") },
                    "MIN_NOTIONAL" => info with { MinNotional = filter.TryGetProperty("minNotional", out _) ? D(filter, "minNotional") : D(filter, "notional") },
                    _ => info,
                };
            }

            result[symbol.GetProperty("symbol").GetString()!] = info;
        }

        return result;
    }

    private sealed record FakeSymbol(string BaseAsset, string QuoteAsset)
    {
        public decimal TickSize { get; init; } = 0.01m;

        public decimal MinPrice { get; init; }

        public decimal StepSize { get; init; } = 0.001m;

        public decimal MinQuantity { get; init; }

        public decimal MinNotional { get; init; }
    }

    private sealed record Reply(int Status, JsonNode Body);

    private sealed class MissingParameterException(string name) : Exception(name);

    private sealed record RestRequest(bool Futures, Dictionary<string, string> Parameters, long Now)
    {
        public bool Has(string name) => Parameters.ContainsKey(name);

        public string? Get(string name) => Parameters.GetValueOrDefault(name);

        public string Required(string name) => Get(name) is { Length: > 0 } value ? value : throw new MissingParameterException(name);

        public long? Long(string name) => Get(name) is { } text && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

        public int? Int(string name) => Get(name) is { } text && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

        public decimal? Decimal(string name) => Get(name) is { } text && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
