namespace MultiPair.Sdk.Portfolio;

/// <summary>The asset a trading fee is charged in.</summary>
public enum FeeAsset
{
    /// <summary>The quote asset (for example USDT): the fee is paid from cash.</summary>
    Quote = 0,

    /// <summary>
    /// The base asset (for example BTC on a Binance spot buy): the fee reduces the quantity held. Spot only.
    /// </summary>
    Base = 1,
}
