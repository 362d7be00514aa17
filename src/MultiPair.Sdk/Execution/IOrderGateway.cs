namespace MultiPair.Sdk.Execution;

/// <summary>
/// The engine's way to the exchange: sends and cancels orders. Calls come from the portfolio's event loop and must not
/// block it: start the I/O and report outcomes (acks, fills, rejects) through the <see cref="IExecutionSink"/>.
/// </summary>
public interface IOrderGateway
{
    /// <summary>Sends an order.</summary>
    /// <param name="order">The order, with its client order id.</param>
    /// <param name="sink">Where to report what happens to it.</param>
    void Send(OrderRequest order, IExecutionSink sink);

    /// <summary>Cancels a working order.</summary>
    /// <param name="clientOrderId">The order.</param>
    /// <param name="sink">Where to report the cancel.</param>
    void Cancel(ClientOrderId clientOrderId, IExecutionSink sink);
}
