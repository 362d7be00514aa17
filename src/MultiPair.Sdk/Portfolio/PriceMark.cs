using System.Runtime.InteropServices;

namespace MultiPair.Sdk.Portfolio;

/// <summary>
/// A pair's mark as the ledger's price table holds it: none, a <see cref="decimal"/> price, or a bar's close not yet
/// converted (a flat pair marked lazily). A close is converted on every read, to the same value each time, so a table
/// shared between snapshots is never written after it was built.
/// </summary>
/// <remarks>The price and the close share their bytes: 24 bytes, as a <c>decimal?</c>.</remarks>
[StructLayout(LayoutKind.Explicit)]
internal readonly struct PriceMark
{
    private const byte None = 0;
    private const byte Price = 1;
    private const byte Close = 2;

    [FieldOffset(0)]
    private readonly decimal _price;

    [FieldOffset(0)]
    private readonly double _close;

    [FieldOffset(16)]
    private readonly byte _kind;

    private PriceMark(decimal price, byte kind)
    {
        _close = 0;
        _price = price;
        _kind = kind;
    }

    private PriceMark(double close, byte kind)
    {
        _price = 0m;
        _close = close;
        _kind = kind;
    }

    /// <summary>Gets a value indicating whether there is a mark.</summary>
    public bool HasValue => _kind != None;

    /// <summary>Gets the mark, or null when none.</summary>
    public decimal? Value => _kind switch
    {
        Price => _price,
        Close => (decimal)_close,
        _ => null,
    };

    /// <summary>A converted price.</summary>
    /// <param name="price">The price.</param>
    /// <returns>The mark.</returns>
    public static PriceMark FromPrice(decimal price) => new(price, Price);

    /// <summary>A close converted when read.</summary>
    /// <param name="close">The close.</param>
    /// <returns>The mark.</returns>
    public static PriceMark FromClose(double close) => new(close, Close);
}
