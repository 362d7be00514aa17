namespace MultiPair.Sdk.Persistence;

/// <summary>
/// The tag a portfolio store carries: which exchange, account, mode and portfolio its state belongs to. A store
/// written under one identity refuses to open under another (<see cref="StoreErrorKind.IdentityMismatch"/>), so a
/// paper database can never drive a live account and one account's ledger never loads into another.
/// </summary>
/// <remarks>Immutable and thread-safe. Compared ordinally (case-sensitive).</remarks>
public sealed record StoreIdentity
{
    /// <summary>The longest text accepted in each part, in characters.</summary>
    public const int MaxLength = 128;

    /// <summary>Initializes a new identity.</summary>
    /// <param name="exchange">The exchange's name, for example <c>binance-spot</c>.</param>
    /// <param name="account">The account's name or id (never a secret such as an API key).</param>
    /// <param name="mode">Paper or live.</param>
    /// <param name="portfolioId">The portfolio's id: one account may run several portfolios, each with its own state.</param>
    /// <exception cref="ArgumentException">A text is empty, too long or has a control character, or the mode is undefined.</exception>
    public StoreIdentity(string exchange, string account, TradingMode mode, string portfolioId = "default")
    {
        Validate(exchange, nameof(exchange));
        Validate(account, nameof(account));
        Validate(portfolioId, nameof(portfolioId));
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentException("Undefined trading mode.", nameof(mode));
        }

        Exchange = exchange;
        Account = account;
        Mode = mode;
        PortfolioId = portfolioId;
    }

    /// <summary>Gets the exchange's name.</summary>
    public string Exchange { get; }

    /// <summary>Gets the account's name or id.</summary>
    public string Account { get; }

    /// <summary>Gets paper or live.</summary>
    public TradingMode Mode { get; }

    /// <summary>Gets the portfolio's id.</summary>
    public string PortfolioId { get; }

    /// <summary>Returns <c>exchange/account/mode/portfolio</c>.</summary>
    /// <returns>The identity as text.</returns>
    public override string ToString() => $"{Exchange}/{Account}/{Mode}/{PortfolioId}";

    private static void Validate(string value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        if (value.Length > MaxLength)
        {
            throw new ArgumentException($"'{value}' is {value.Length} characters long; at most {MaxLength} are allowed.", paramName);
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"'{value}' contains a control character.", paramName);
            }
        }
    }
}
