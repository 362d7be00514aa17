using System.Globalization;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>The best bid and ask (or a last trade price) of one pair at one instant.</summary>
/// <remarks>Immutable and thread-safe. Market data is <see cref="double"/> for speed.</remarks>
public readonly record struct PriceTick
{
    /// <summary>Initializes a new tick from the best bid and ask.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="time">When the quote was taken.</param>
    /// <param name="bid">The best bid.</param>
    /// <param name="ask">The best ask, not below the bid.</param>
    /// <exception cref="ArgumentException">The pair is default, a price is not finite and positive, or the ask is below the bid.</exception>
    public PriceTick(TradingPair pair, DateTimeOffset time, double bid, double ask)
    {
        if (pair.IsDefault)
        {
            throw new ArgumentException("A tick needs a pair.", nameof(pair));
        }

        if (!double.IsFinite(bid) || bid <= 0 || !double.IsFinite(ask) || ask <= 0 || ask < bid)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Tick prices must be finite and positive with ask >= bid: bid {bid}, ask {ask}."), nameof(bid));
        }

        Pair = pair;
        Time = time;
        Bid = bid;
        Ask = ask;
    }

    /// <summary>Gets the pair.</summary>
    public TradingPair Pair { get; }

    /// <summary>Gets when the quote was taken.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Gets the best bid.</summary>
    public double Bid { get; }

    /// <summary>Gets the best ask.</summary>
    public double Ask { get; }

    /// <summary>Gets the mid price, halfway between bid and ask.</summary>
    public double Mid => (Bid + Ask) / 2;

    /// <summary>Creates a tick from a trade price (bid and ask both equal to it).</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="time">When the trade happened.</param>
    /// <param name="price">The trade price.</param>
    /// <returns>The tick.</returns>
    /// <exception cref="ArgumentException">The pair is default or the price is not finite and positive.</exception>
    public static PriceTick FromTrade(TradingPair pair, DateTimeOffset time, double price) => new(pair, time, price, price);
}
