namespace MultiPair.Sdk.Execution;

/// <summary>Where an <see cref="IOrderGateway"/> reports what happened to orders (the portfolio engine implements it).</summary>
public interface IExecutionSink
{
    /// <summary>Reports an order event. Thread-safe; never blocks; never drops an execution.</summary>
    /// <param name="report">The report.</param>
    void Report(ExecutionReport report);
}
