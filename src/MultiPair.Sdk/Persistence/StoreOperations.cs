using System.Reactive.Subjects;

namespace MultiPair.Sdk.Persistence;

/// <summary>
/// What the SQL stores share around their operations: one operation at a time (<see cref="Gate"/>), a failure turned into a
/// typed <see cref="PortfolioStoreException"/>, published on <see cref="Errors"/> and logged, and a subscriber's failure
/// logged without replacing the error the caller gets. The store supplies how it logs and how its provider's exceptions map.
/// </summary>
/// <param name="timeProvider">The clock that stamps the published errors.</param>
/// <param name="logFailed">Logs a failed operation: (operation, exception, portfolio or null).</param>
/// <param name="logSubscriberFailed">Logs an <see cref="Errors"/> subscriber that threw: (exception, portfolio or null).</param>
internal sealed class StoreOperations(TimeProvider timeProvider, Action<string, PortfolioStoreException, string?> logFailed, Action<Exception, string?> logSubscriberFailed) : IDisposable
{
    private readonly Subject<StoreError> _errors = new();

    /// <summary>Gets the gate every operation of the store holds while it runs.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Gets the store's failures as they happen.</summary>
    public IObservable<StoreError> Errors => _errors;

    /// <summary>
    /// Runs <paramref name="work"/> under the gate: a provider exception that <paramref name="translate"/> recognises becomes a
    /// published <see cref="PortfolioStoreException"/>; one the work raised itself is published; anything else passes as is.
    /// </summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="operation">The operation's name, for the error and the log.</param>
    /// <param name="work">The operation (it checks that the store is open and not disposed).</param>
    /// <param name="translate">The kind and message of a provider exception; null for any other exception.</param>
    /// <param name="portfolio">The portfolio named in the log, if the store has one.</param>
    /// <param name="cancellationToken">Cancels the wait for the gate and the work.</param>
    /// <param name="after">Runs on the result, still under the gate.</param>
    /// <returns>The result.</returns>
    public async ValueTask<T> RunAsync<T>(string operation, Func<CancellationToken, ValueTask<T>> work, Func<Exception, (StoreErrorKind Kind, string Message)?> translate, Func<string?> portfolio, CancellationToken cancellationToken, Action<T>? after = null)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            T result;
            try
            {
                result = await work(cancellationToken).ConfigureAwait(false);
            }
            catch (PortfolioStoreException ex)
            {
                Publish(operation, ex, portfolio());
                throw;
            }
            catch (Exception ex) when (translate(ex) is { } failure)
            {
                throw Raise(operation, failure.Kind, failure.Message, ex, portfolio());
            }

            after?.Invoke(result);
            return result;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Builds a store exception and publishes it.</summary>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">The message.</param>
    /// <param name="inner">The provider's exception.</param>
    /// <param name="portfolio">The portfolio named in the log, if any.</param>
    /// <returns>The exception, to throw.</returns>
    public PortfolioStoreException Raise(string operation, StoreErrorKind kind, string message, Exception inner, string? portfolio = null)
    {
        var exception = new PortfolioStoreException(kind, message, inner);
        Publish(operation, exception, portfolio);
        return exception;
    }

    /// <summary>Logs a failure and publishes it on <see cref="Errors"/>; a subscriber that throws is logged, never rethrown.</summary>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="exception">The failure.</param>
    /// <param name="portfolio">The portfolio named in the log, if any.</param>
    public void Publish(string operation, PortfolioStoreException exception, string? portfolio = null)
    {
        logFailed(operation, exception, portfolio);
        try
        {
            _errors.OnNext(new StoreError(exception.Kind, operation, exception, timeProvider.GetUtcNow()));
        }
#pragma warning disable CA1031 // A subscriber's failure must not replace the store error the caller gets.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logSubscriberFailed(ex, portfolio);
        }
    }

    /// <summary>Ends <see cref="Errors"/> (the store was disposed); the gate stays usable for the store's own disposal.</summary>
    public void Dispose()
    {
        _errors.OnCompleted();
        _errors.Dispose();
    }
}
