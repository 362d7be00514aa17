namespace MultiPair.Sdk.Exchanges.Binance.Streams;

/// <summary>One kline update as the stream sends it (closed or still forming).</summary>
internal readonly record struct KlineEvent(string Symbol, string Interval, DateTimeOffset OpenTime, double Open, double High, double Low, double Close, double Volume, bool IsClosed);
