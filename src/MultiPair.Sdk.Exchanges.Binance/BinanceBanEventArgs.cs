namespace MultiPair.Sdk.Exchanges.Binance;

/// <summary>Raised when Binance bans this IP (HTTP 418): every request is refused locally until <see cref="Until"/>.</summary>
public sealed class BinanceBanEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="BinanceBanEventArgs"/> class.</summary>
    /// <param name="until">When the ban ends.</param>
    /// <param name="message">Binance's explanation, if any.</param>
    public BinanceBanEventArgs(DateTimeOffset until, string message)
    {
        Until = until;
        Message = message;
    }

    /// <summary>Gets when the ban ends (from the <c>Retry-After</c> header).</summary>
    public DateTimeOffset Until { get; }

    /// <summary>Gets Binance's explanation, if any.</summary>
    public string Message { get; }
}
