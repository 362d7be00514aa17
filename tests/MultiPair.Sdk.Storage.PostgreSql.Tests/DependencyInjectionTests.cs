using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Persistence;

namespace MultiPair.Sdk.Storage.PostgreSql.Tests;

public sealed class DependencyInjectionTests
{
    [StoreFact]
    public async Task UsePostgresStore_RegistersOneStoreAsStoreAndJournal()
    {
        await using var pg = new PgTemp();
        var services = new ServiceCollection();
        services.AddMultiPairTrading().UsePostgresStore(o =>
        {
            o.ConnectionString = PgTemp.ConnectionString;
            o.Schema = pg.Schema;
        });
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IPortfolioStore>();

        store.ShouldBeOfType<PostgresPortfolioStore>().Schema.ShouldBe(pg.Schema);
        provider.GetRequiredService<IExecutionJournal>().ShouldBeSameAs(store);
        await store.OpenAsync(PgTemp.PaperIdentity);
        await store.RecordIntentAsync(Samples.Market("o-1"), CancellationToken.None);
        pg.Count("intents").ShouldBe(1);
    }

    [Fact]
    public void UsePostgresStore_KeepsARegistrationMadeBefore()
    {
        var services = new ServiceCollection();
        var mine = new PostgresPortfolioStore(new PostgresStoreOptions { ConnectionString = "Host=localhost" });
        services.AddSingleton<IPortfolioStore>(mine);

        services.AddMultiPairTrading().UsePostgresStore(o => o.ConnectionString = "Host=localhost");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IPortfolioStore>().ShouldBeSameAs(mine);
        provider.GetRequiredService<IExecutionJournal>().ShouldBeSameAs(mine);
    }

    [Fact]
    public void UsePostgresStore_InvalidOptions_ListsEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddMultiPairTrading().UsePostgresStore(o =>
        {
            o.ConnectionString = "";
            o.LeaseTtl = TimeSpan.FromHours(2);
        });
        using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgresStoreOptions>>().Value);

        error.Failures.Count().ShouldBe(2);
        Should.Throw<ArgumentNullException>(() => services.AddMultiPairTrading().UsePostgresStore(null!));
    }
}
