namespace MultiPair.Sdk.Hosting;

/// <summary>Names of the meter and activity source MultiPair.Sdk publishes, for <c>MeterListener</c>s, <c>ActivityListener</c>s and OpenTelemetry (<c>AddMeter</c>, <c>AddSource</c>).</summary>
/// <remarks>
/// Instruments: <c>multipair.events.processed</c> (counter, tag <c>kind</c>), <c>multipair.decision.latency</c> (histogram, ms, bar posted → signal),
/// <c>multipair.orders</c> (counter, tags <c>outcome</c>, <c>intent</c>), <c>multipair.risk.rejects</c> (counter, tags <c>reason</c>, <c>rule</c>),
/// <c>multipair.trades.unmatched</c> (counter), and observable gauges <c>multipair.exposure.gross</c>, <c>multipair.equity</c>,
/// <c>multipair.drawdown</c> (percent from peak equity) and <c>multipair.pairs.stale</c>. Activities: one <c>order</c> span per order,
/// from send to its final report, tagged <c>multipair.pair</c>, <c>multipair.side</c>, <c>multipair.intent</c>, <c>multipair.status</c>.
/// </remarks>
public static class MultiPairInstrumentation
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "MultiPair.Sdk";

    /// <summary>The activity source's name.</summary>
    public const string ActivitySourceName = "MultiPair.Sdk";
}
