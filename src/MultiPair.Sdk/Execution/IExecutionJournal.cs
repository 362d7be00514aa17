namespace MultiPair.Sdk.Execution;

/// <summary>Durable record of order intents, written by the <see cref="OrderExecutor"/> <b>before</b> an order is sent (a portfolio store implements it).</summary>
public interface IExecutionJournal
{
    /// <summary>Records that <paramref name="order"/> is about to be sent. When this throws, the order is not sent and is reported rejected.</summary>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the intent is durable.</returns>
    ValueTask RecordIntentAsync(OrderRequest order, CancellationToken cancellationToken);
}
