namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>A response that does not have the expected shape; turned into <see cref="ExchangeErrorKind.MalformedResponse"/>, never escapes the adapter.</summary>
internal sealed class BinanceMalformedException : Exception
{
    public BinanceMalformedException()
    {
    }

    public BinanceMalformedException(string message)
        : base(message)
    {
    }

    public BinanceMalformedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
