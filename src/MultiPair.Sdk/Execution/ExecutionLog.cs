using Microsoft.Extensions.Logging;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Execution;

/// <summary>Source-generated logs of the execution layer; event ids 2000–2099 are stable.</summary>
internal static partial class ExecutionLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Order work failed unexpectedly.")]
    public static partial void WorkFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "The exchange adapter threw; the outcome of the call is unknown.")]
    public static partial void AdapterThrew(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Recording the intent of {ClientOrderId} failed; the order is not sent.")]
    public static partial void JournalFailed(ILogger logger, Exception exception, ClientOrderId clientOrderId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Placing {ClientOrderId} on {Pair}: {Error}; resolving by query.")]
    public static partial void ResolvingPlacement(ILogger logger, ClientOrderId clientOrderId, TradingPair pair, ExchangeError error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "{ClientOrderId} is not on the exchange after {Answers} queries over {Elapsed}: it never arrived.")]
    public static partial void NeverArrived(ILogger logger, ClientOrderId clientOrderId, int answers, TimeSpan elapsed);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Querying {ClientOrderId}: {Error}; retrying.")]
    public static partial void QueryFailed(ILogger logger, ClientOrderId clientOrderId, ExchangeError error);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Cancelling {ClientOrderId} did not succeed after {Attempts} attempts.")]
    public static partial void CancelGaveUp(ILogger logger, ClientOrderId clientOrderId, int attempts);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "{ClientOrderId} on {Pair} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, ClientOrderId clientOrderId, TradingPair pair, string reason);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "{ClientOrderId}: the exchange reports fills this executor could not fetch.")]
    public static partial void FillsMissing(ILogger logger, ClientOrderId clientOrderId);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Fetching the trades of {Pair}: {Error}")]
    public static partial void TradeSyncFailed(ILogger logger, TradingPair pair, ExchangeError error);
}
