namespace MultiPair.Sdk.Strategies;

/// <summary>Why a <see cref="SignalConfirmationGate"/> dropped an entry signal.</summary>
public enum ConfirmationDropReason
{
    /// <summary>The signal ranked below the top <see cref="SignalConfirmationOptions.TopN"/>; the confirmer was not asked.</summary>
    NotTopN = 0,

    /// <summary>The confirmer answered "not confirmed" (now or in a cached answer).</summary>
    Rejected = 1,

    /// <summary>The confirmer did not answer within <see cref="SignalConfirmationOptions.Timeout"/>.</summary>
    TimedOut = 2,

    /// <summary>The confirmer threw or cancelled the call itself.</summary>
    Failed = 3,
}
