// The program the packaging tests build from the packages: DI registration from each package, then a short backtest.
// Usage: dotnet run -- DATA_DIRECTORY
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MultiPair.Sdk.DependencyInjection;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Exchanges.Binance;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Storage.Sqlite;
using PackageConsumer;

var dataDirectory = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data");

var services = new ServiceCollection();
IMultiPairBuilder builder = services.AddMultiPairTrading();
builder
    .UseSqliteStore(options => options.DatabasePath = Path.Combine(dataDirectory, "consumer.db"))
    .UseBinance(_ => { });
using var provider = services.BuildServiceProvider();

Console.WriteLine($"time provider {provider.GetRequiredService<TimeProvider>().GetType().Name}");
Console.WriteLine($"portfolio store {provider.GetRequiredService<IPortfolioStore>().GetType().Name}");
Console.WriteLine($"kline api registered {services.Any(d => d.ServiceType == typeof(IKlineApi))}");
foreach (var type in new[] { typeof(IMultiPairBuilder), typeof(SqliteStoreOptions), typeof(BinanceOptions) })
{
    var assembly = type.Assembly;
    Console.WriteLine($"assembly {assembly.GetName().Name} {assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}");
}

// The SQLite package's native library, restored transitively.
using (var connection = new SqliteConnection("Data Source=:memory:"))
{
    connection.Open();
    Console.WriteLine($"sqlite {connection.ServerVersion}");
}

Console.Write(ConsumerBacktest.Summarize(ConsumerBacktest.Run(dataDirectory)));
