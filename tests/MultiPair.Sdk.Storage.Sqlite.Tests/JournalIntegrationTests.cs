using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Persistence;

namespace MultiPair.Sdk.Storage.Sqlite.Tests;

/// <summary>The store as the <see cref="OrderExecutor"/>'s journal: the intent is on disk before the exchange sees the order.</summary>
public sealed class JournalIntegrationTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OrderExecutor_WritesTheIntentBeforeItPlacesTheOrder()
    {
        await using var store = await _temp.OpenAsync();
        var api = new CheckingOrderApi(_temp);
        await using var executor = new OrderExecutor(api, timeProvider: _temp.Clock, journal: store);

        var report = await executor.SubmitAsync(Samples.Market("mp-1"));

        api.IntentsSeenAtPlace.ShouldBe([1L]);
        report.Status.ShouldBe(ExecutionStatus.Rejected); // the fake refuses it; the intent stays for reconciliation
        (await store.LoadAsync()).OpenOrders.Single().ClientOrderId.Value.ShouldBe("mp-1");
    }

    [Fact]
    public async Task OrderExecutor_WhenTheJournalFails_NeverPlacesTheOrder()
    {
        await using var store = await _temp.OpenAsync();
        await store.RecordIntentAsync(Samples.Market("mp-1"), CancellationToken.None);
        var errors = new List<StoreError>();
        using var subscription = store.Errors.Subscribe(errors.Add);
        var api = new CheckingOrderApi(_temp);
        await using var executor = new OrderExecutor(api, timeProvider: _temp.Clock, journal: store);

        var report = await executor.SubmitAsync(Samples.Market("mp-1")); // the same client id again

        report.Status.ShouldBe(ExecutionStatus.Rejected);
        api.IntentsSeenAtPlace.ShouldBeEmpty();
        errors.Single().Kind.ShouldBe(StoreErrorKind.DuplicateIntent);
    }

    private sealed class CheckingOrderApi(TempStore temp) : IOrderApi
    {
        public List<long> IntentsSeenAtPlace { get; } = [];

        public string Exchange => "fake";

        public MarketType Market => MarketType.Spot;

        public Task<ExchangeResult<ExchangeOrder>> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken = default)
        {
            IntentsSeenAtPlace.Add(temp.Count("intents", $"client_order_id = '{order.ClientOrderId}'"));
            return Task.FromResult(ExchangeResult.Fail<ExchangeOrder>(ExchangeErrorKind.Rejected, "refused by the fake"));
        }

        public Task<ExchangeResult<ExchangeOrder>> CancelOrderAsync(TradingPair pair, ClientOrderId clientOrderId, CancellationToken cancellationToken = default) =>
            Task.FromResult(ExchangeResult.Fail<ExchangeOrder>(ExchangeErrorKind.UnknownOrder, "none"));

        public Task<ExchangeResult<ExchangeOrder>> GetOrderAsync(TradingPair pair, ClientOrderId clientOrderId, CancellationToken cancellationToken = default) =>
            Task.FromResult(ExchangeResult.Fail<ExchangeOrder>(ExchangeErrorKind.UnknownOrder, "none"));

        public Task<ExchangeResult<IReadOnlyList<ExchangeOrder>>> GetOpenOrdersAsync(TradingPair? pair = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(ExchangeResult.Ok<IReadOnlyList<ExchangeOrder>>([]));

        public Task<ExchangeResult<IReadOnlyList<ExchangeTrade>>> GetTradesAsync(TradingPair pair, long? fromTradeId = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(ExchangeResult.Ok<IReadOnlyList<ExchangeTrade>>([]));
    }
}
