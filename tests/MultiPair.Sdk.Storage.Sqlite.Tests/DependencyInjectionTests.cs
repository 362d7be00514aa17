using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Persistence;

namespace MultiPair.Sdk.Storage.Sqlite.Tests;

public sealed class DependencyInjectionTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task UseSqliteStore_RegistersOneStoreAsStoreAndJournal()
    {
        var services = new ServiceCollection();
        services.AddMultiPairTrading().UseSqliteStore(o => o.DatabasePath = _temp.DatabasePath);
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IPortfolioStore>();

        store.ShouldBeOfType<SqlitePortfolioStore>().DatabasePath.ShouldBe(Path.GetFullPath(_temp.DatabasePath));
        provider.GetRequiredService<IExecutionJournal>().ShouldBeSameAs(store);
        await store.OpenAsync(TempStore.PaperIdentity);
        await store.RecordIntentAsync(Samples.Market("o-1"), CancellationToken.None);
        _temp.Count("intents").ShouldBe(1);
    }

    [Fact]
    public void UseSqliteStore_KeepsARegistrationMadeBefore()
    {
        var services = new ServiceCollection();
        var mine = _temp.Create();
        services.AddSingleton<IPortfolioStore>(mine);

        services.AddMultiPairTrading().UseSqliteStore(o => o.DatabasePath = _temp.DatabasePath);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IPortfolioStore>().ShouldBeSameAs(mine);
        provider.GetRequiredService<IExecutionJournal>().ShouldBeSameAs(mine);
    }

    [Fact]
    public void UseSqliteStore_InvalidOptions_ListsEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddMultiPairTrading().UseSqliteStore(o =>
        {
            o.DatabasePath = "";
            o.BusyTimeout = TimeSpan.FromHours(1);
        });
        using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value);

        error.Failures.Count().ShouldBe(2);
        Should.Throw<ArgumentNullException>(() => services.AddMultiPairTrading().UseSqliteStore(null!));
    }
}
