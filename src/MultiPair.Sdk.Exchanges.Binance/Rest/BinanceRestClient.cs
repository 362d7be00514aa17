using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>
/// Sends Binance REST requests: weight budget first, then the timestamp and signature (so a request that waited is still fresh),
/// server-time offset kept in sync, every failure turned into an <see cref="ExchangeError"/> value.
/// </summary>
internal sealed class BinanceRestClient : IDisposable
{
    private const int SampleLength = 256;

    private readonly HttpClient _http;
    private readonly BinanceOptions _options;
    private readonly BinanceWeightBudget _budget;
    private readonly BinanceOrderBudget _orders;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _syncLock = new(1, 1);
    private readonly bool _futures;
    private long _offsetTicks;
    private long _lastSyncTicks = long.MinValue;

    public BinanceRestClient(HttpClient http, BinanceOptions options, BinanceWeightBudget budget, TimeProvider time, ILogger logger)
    {
        _http = http;
        _options = options;
        _budget = budget;
        _orders = new BinanceOrderBudget(options, time);
        _time = time;
        _logger = logger;
        _futures = options.Market == MarketType.LinearPerpetual;
    }

    /// <summary>Gets the account's new-order budget.</summary>
    public BinanceOrderBudget Orders => _orders;

    /// <summary>Gets the estimated server time.</summary>
    public DateTimeOffset ServerNow => _time.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Gets the current server-time offset (server minus local).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Dispose() => _syncLock.Dispose();

    public async Task<ExchangeResult<T>> SendAsync<T>(BinanceRequest request, Func<JsonElement, T> parse, CancellationToken cancellationToken)
    {
        if (request.Signed && !_options.HasCredentials)
        {
            return ExchangeResult.Fail<T>(ExchangeErrorKind.Unauthorized,
                $"Binance API credentials are missing: set BinanceOptions.ApiKey and ApiSecret to call {request.Path}. No request was sent.");
        }

        for (var attempt = 0; ; attempt++)
        {
            if (request.Signed)
            {
                var syncError = await EnsureTimeSyncedAsync(force: attempt > 0, cancellationToken).ConfigureAwait(false);
                if (syncError is not null)
                {
                    return ExchangeResult.Fail<T>(syncError);
                }
            }

            var result = await SendOnceAsync(request, parse, cancellationToken).ConfigureAwait(false);
            if (attempt == 0 && request.Signed && result.Error?.Kind == ExchangeErrorKind.InvalidTimestamp)
            {
                // -1021 means the request was rejected unprocessed, so sending it again (with a new timestamp) cannot duplicate it.
                BinanceLog.TimestampRejected(_logger, request.Path);
                continue;
            }

            return result;
        }
    }

    private async Task<ExchangeResult<T>> SendOnceAsync<T>(BinanceRequest request, Func<JsonElement, T> parse, CancellationToken cancellationToken)
    {
        var budgetError = await _budget.AcquireAsync(request.Weight, cancellationToken).ConfigureAwait(false);
        if (budgetError is not null)
        {
            return ExchangeResult.Fail<T>(budgetError);
        }

        if (request.IsOrderWrite && request.Method == HttpMethod.Post)
        {
            await _orders.AcquireAsync(cancellationToken).ConfigureAwait(false);
        }

        // Taken after any wait for weight or order count: a request that queued still carries a fresh timestamp.
        using var message = BuildMessage(request);
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage response;
        string body;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail<T>(request, TimedOut(request));
        }
        catch (HttpRequestException ex)
        {
            return Fail<T>(request, Transport(request, ex));
        }

        using (response)
        {
            try
            {
                body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Fail<T>(request, TimedOut(request));
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                return Fail<T>(request, Transport(request, ex));
            }

            ReadHeaders(request, response);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return Parse(request, body, parse);
            }

            return Fail<T>(request, MapFailure(request, response, status, body));
        }
    }

    private ExchangeError MapFailure(BinanceRequest request, HttpResponseMessage response, int status, string body)
    {
        var retryAfter = RetryAfter(response.Headers.RetryAfter);
        var (code, msg) = TryReadError(body);
        if (status == (int)HttpStatusCode.TooManyRequests)
        {
            var wait = retryAfter ?? TimeSpan.FromMinutes(1);
            BinanceLog.RateLimited(_logger, request.Path, wait);
            if (code != -1015)
            {
                // Weight limit of the IP: everyone waits. (-1015 is the account's order-count limit and leaves the IP's weight alone.)
                _budget.Pause(_time.GetUtcNow() + wait);
            }
            else
            {
                _orders.CloseWindow(); // new orders wait for the next order-count window
            }

            return new ExchangeError(ExchangeErrorKind.RateLimited, msg ?? "Request rate limit exceeded (HTTP 429).")
            {
                Code = code,
                HttpStatus = status,
                RetryAfter = wait,
            };
        }

        if (status == 418)
        {
            var wait = retryAfter ?? TimeSpan.FromMinutes(2);
            var until = _time.GetUtcNow() + wait;
            BinanceLog.Banned(_logger, until);
            _budget.Ban(until, msg ?? "HTTP 418");
            return new ExchangeError(ExchangeErrorKind.IpBanned, msg ?? $"The IP is banned by Binance until {until:O}.")
            {
                Code = code,
                HttpStatus = status,
                RetryAfter = wait,
            };
        }

        if (code is { } c)
        {
            var error = BinanceErrorMapper.Map(c, msg ?? string.Empty, status, request.IsOrderWrite);
            return error.Kind == ExchangeErrorKind.RateLimited && retryAfter is not null ? error with { RetryAfter = retryAfter } : error;
        }

        return BinanceErrorMapper.MapStatus(status, request.IsOrderWrite, retryAfter);
    }

    private ExchangeResult<T> Parse<T>(BinanceRequest request, string body, Func<JsonElement, T> parse)
    {
        string reason;
        try
        {
            using var document = JsonDocument.Parse(body);
            return ExchangeResult.Ok(parse(document.RootElement));
        }
        catch (JsonException ex)
        {
            reason = "invalid JSON: " + ex.Message;
        }
        catch (BinanceMalformedException ex)
        {
            reason = ex.Message;
        }
        catch (ArgumentException ex)
        {
            // A domain value refused what Binance sent (a bar with a zero price, a negative tick...).
            reason = ex.Message;
        }
        catch (InvalidOperationException ex)
        {
            reason = ex.Message;
        }

        if (_logger.IsEnabled(LogLevel.Warning))
        {
            var sample = BinanceJson.Truncate(body, SampleLength);
            BinanceLog.MalformedResponse(_logger, request.Path, reason, sample);
        }

        var error = request.IsOrderWrite
            ? new ExchangeError(ExchangeErrorKind.OutcomeUnknown,
                $"Binance accepted the request to {request.Path} but its response could not be read ({reason}); the order's state is unknown: query it by client order id.")
            : new ExchangeError(ExchangeErrorKind.MalformedResponse, $"Malformed response from {request.Path}: {reason}");
        return ExchangeResult.Fail<T>(error with { HttpStatus = 200 });
    }

    private ExchangeResult<T> Fail<T>(BinanceRequest request, ExchangeError error)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var text = error.ToString();
            BinanceLog.RequestFailed(_logger, request.Method.Method, request.Path, text);
        }

        return ExchangeResult.Fail<T>(error);
    }

    private ExchangeError TimedOut(BinanceRequest request) => request.IsOrderWrite
        ? new ExchangeError(ExchangeErrorKind.OutcomeUnknown,
            $"No response from {request.Path} within {_options.RequestTimeout}: the order request may or may not have been executed.")
        : new ExchangeError(ExchangeErrorKind.ServiceUnavailable, $"No response from {request.Path} within {_options.RequestTimeout}; the request can be retried.");

    private static ExchangeError Transport(BinanceRequest request, Exception ex)
    {
        var notSent = ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError };
        if (notSent)
        {
            return new ExchangeError(ExchangeErrorKind.Network, $"Could not connect to Binance for {request.Path}; the request was not sent: {ex.Message}");
        }

        return request.IsOrderWrite
            ? new ExchangeError(ExchangeErrorKind.OutcomeUnknown,
                $"The connection failed after the request to {request.Path} was sent: the order request may or may not have been executed. {ex.Message}")
            : new ExchangeError(ExchangeErrorKind.Network, $"The connection failed during {request.Path}: {ex.Message}");
    }

    private static (int? Code, string? Message) TryReadError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("code", out var code) && code.TryGetInt32(out var value))
            {
                var message = root.TryGetProperty("msg", out var msg) && msg.ValueKind == JsonValueKind.String ? msg.GetString() : null;
                return (value, message);
            }
        }
        catch (JsonException)
        {
            // Not a Binance error body (an HTML error page from a proxy, for instance).
        }

        return (null, null);
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private void ReadHeaders(BinanceRequest request, HttpResponseMessage response)
    {
        foreach (var header in response.Headers)
        {
            if (header.Key.Equals("X-MBX-USED-WEIGHT-1M", StringComparison.OrdinalIgnoreCase))
            {
                if (int.TryParse(header.Value.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var used))
                {
                    _budget.Observe(used);
                }
            }
            else if (header.Key.StartsWith("X-MBX-ORDER-COUNT-", StringComparison.OrdinalIgnoreCase))
            {
                var window = _futures ? "X-MBX-ORDER-COUNT-1M" : "X-MBX-ORDER-COUNT-10S";
                if (header.Key.Equals(window, StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(header.Value.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
                {
                    _orders.Observe(count);
                }

                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    var value = string.Join(',', header.Value);
                    BinanceLog.OrderCount(_logger, request.Path, header.Key, value);
                }
            }
        }
    }

    private HttpRequestMessage BuildMessage(BinanceRequest request)
    {
        var parameters = new List<KeyValuePair<string, string>>(request.Parameters);
        if (request.Signed)
        {
            parameters.Add(new("recvWindow", BinanceFormat.Integer((long)_options.ReceiveWindow.TotalMilliseconds)));
            parameters.Add(new("timestamp", BinanceFormat.Integer(BinanceFormat.UnixMilliseconds(ServerNow))));
        }

        var payload = Encode(parameters);
        if (request.Signed)
        {
            var signature = BinanceSigner.Sign(_options.ApiSecret!, payload);
            payload = payload.Length == 0 ? "signature=" + signature : payload + "&signature=" + signature;
        }

        var inBody = request.Method == HttpMethod.Post || request.Method == HttpMethod.Put;
        var uri = new Uri(_options.EffectiveRestAddress, inBody || payload.Length == 0 ? request.Path : request.Path + "?" + payload);
        var message = new HttpRequestMessage(request.Method, uri);
        if (inBody)
        {
            message.Content = new StringContent(payload, Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        if (request.Signed)
        {
            message.Headers.TryAddWithoutValidation("X-MBX-APIKEY", _options.ApiKey);
        }

        return message;
    }

    private static string Encode(List<KeyValuePair<string, string>> parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    private async Task<ExchangeError?> EnsureTimeSyncedAsync(bool force, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastSyncTicks);
        if (!force && last != long.MinValue && now - last < _options.TimeSyncInterval.Ticks)
        {
            return null;
        }

        await _syncLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have synced while this one waited for the lock.
            if (Interlocked.Read(ref _lastSyncTicks) != last)
            {
                return null;
            }

            var started = _time.GetTimestamp();
            var request = new BinanceRequest(HttpMethod.Get, _futures ? "/fapi/v1/time" : "/api/v3/time", weight: 1, signed: false);
            var result = await SendOnceAsync(request, static root => BinanceJson.Long(root, "serverTime"), cancellationToken).ConfigureAwait(false);
            if (!result.TryGetValue(out var serverMs))
            {
                return result.Error;
            }

            var elapsed = _time.GetElapsedTime(started);
            var localMid = _time.GetUtcNow() - (elapsed / 2);
            var offset = BinanceJson.Time(serverMs) - localMid;
            Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
            Interlocked.Exchange(ref _lastSyncTicks, _time.GetUtcNow().UtcTicks);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                BinanceLog.TimeSynced(_logger, offset.TotalMilliseconds);
            }

            return null;
        }
        finally
        {
            _syncLock.Release();
        }
    }
}
