namespace MultiPair.Sdk.Exchanges.Binance.Tests.Fake;

/// <summary>What a faulty request does (see <see cref="FakeBinanceServer.InjectFault"/>).</summary>
public enum FakeFaultKind
{
    /// <summary>Processes the request (the order is accepted), then answers HTTP 5xx without a Binance error body.</summary>
    ServerErrorAfterAccept,

    /// <summary>Processes the request, then waits <see cref="FakeFault.Delay"/> (or until the client gives up) before answering.</summary>
    DelayAfterAccept,

    /// <summary>Processes the request, then drops the connection without an answer.</summary>
    DropConnectionAfterAccept,

    /// <summary>Answers a Binance error (<see cref="FakeFault.Status"/>, <see cref="FakeFault.Code"/>, <see cref="FakeFault.Message"/>), after processing when <see cref="FakeFault.AfterAccept"/>.</summary>
    Error,

    /// <summary>Answers HTTP 429 with Retry-After, unprocessed.</summary>
    TooManyRequests,

    /// <summary>Answers HTTP 418 with Retry-After and refuses everything until then.</summary>
    Ban,

    /// <summary>Processes the request and answers truncated JSON.</summary>
    MalformedJson,

    /// <summary>Processes the request and drops <see cref="FakeFault.Field"/> from the answer (from every element of an array).</summary>
    MissingField,

    /// <summary>Processes the request and sets <see cref="FakeFault.Field"/> to <see cref="FakeFault.Value"/> (an enum value Binance never sends).</summary>
    SetField,
}

/// <summary>A fault injected into the next requests of one endpoint.</summary>
public sealed record FakeFault(FakeFaultKind Kind)
{
    public TimeSpan Delay { get; init; }

    public int Status { get; init; } = 500;

    public int Code { get; init; }

    public string Message { get; init; } = string.Empty;

    public bool AfterAccept { get; init; }

    public string Field { get; init; } = string.Empty;

    public string Value { get; init; } = string.Empty;

    public static FakeFault ServerErrorAfterAccept(int status = 503) => new(FakeFaultKind.ServerErrorAfterAccept) { Status = status };

    public static FakeFault DelayAfterAccept(TimeSpan delay) => new(FakeFaultKind.DelayAfterAccept) { Delay = delay };

    public static FakeFault DropConnectionAfterAccept() => new(FakeFaultKind.DropConnectionAfterAccept);

    public static FakeFault BinanceError(int status, int code, string message, bool afterAccept = false) =>
        new(FakeFaultKind.Error) { Status = status, Code = code, Message = message, AfterAccept = afterAccept };

    /// <summary>-1007: the backend timed out after accepting; the execution status is unknown.</summary>
    public static FakeFault BackendTimeout() =>
        BinanceError(503, -1007, "Timeout waiting for response from backend server. Send status unknown; execution status unknown.", afterAccept: true);

    public static FakeFault TooManyRequests(TimeSpan retryAfter) => new(FakeFaultKind.TooManyRequests) { Delay = retryAfter };

    public static FakeFault Ban(TimeSpan retryAfter) => new(FakeFaultKind.Ban) { Delay = retryAfter };

    public static FakeFault MalformedJson() => new(FakeFaultKind.MalformedJson);

    public static FakeFault MissingField(string field) => new(FakeFaultKind.MissingField) { Field = field };

    public static FakeFault UnknownEnum(string field, string value) => new(FakeFaultKind.SetField) { Field = field, Value = value };

    public static FakeFault UnexpectedSymbol(string symbol = "XYZABC") => new(FakeFaultKind.SetField) { Field = "symbol", Value = symbol };
}
