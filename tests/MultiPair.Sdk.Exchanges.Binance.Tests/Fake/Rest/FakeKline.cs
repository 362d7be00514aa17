namespace MultiPair.Sdk.Exchanges.Binance.Tests.Fake;

/// <summary>One kline the fake serves (times in Unix milliseconds).</summary>
public sealed record FakeKline(long OpenTime, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume);
