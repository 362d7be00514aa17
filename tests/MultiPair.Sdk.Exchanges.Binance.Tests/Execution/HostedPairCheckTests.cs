using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake;
using MultiPair.Sdk.Hosting;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Execution;

/// <summary>The hosted service checks the configured pairs against the exchange's instrument list before anything runs.</summary>
public sealed class HostedPairCheckTests
{
    [Fact]
    public async Task Pairs_the_exchange_does_not_list_are_configuration_errors_listed_together_and_nothing_starts()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        var json = """
            {
              "MultiPair": {
                "Portfolio": { "TotalCapital": 10000, "MaxPositions": 3 },
                "Pairs": "BTCUSDT,NOPEUSDT,FOO/USDT",
                "Strategy": "ema-cross",
                "Exchange": { "Name": "binance", "Mode": "Paper", "Account": "a", "PortfolioId": "p" }
              }
            }
            """;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        var fake = server.Options();
        builder.Services.AddMultiPairTrading(builder.Configuration.GetSection("MultiPair"))
            .UseBinance(o =>
            {
                o.RestAddress = fake.RestAddress;
                o.StreamAddress = fake.StreamAddress;
                o.WebSocketApiAddress = fake.WebSocketApiAddress;
                o.ApiKey = fake.ApiKey;
                o.ApiSecret = fake.ApiSecret;
            })
            .AddHostedTrading();
        using var host = builder.Build();
        var service = host.Services.GetRequiredService<MultiPairTradingService>();

        await host.StartAsync();
        var error = await Should.ThrowAsync<OptionsValidationException>(() => service.Started.WaitAsync(TimeSpan.FromSeconds(30)));
        await host.StopAsync();

        error.Failures.Count().ShouldBe(2);
        error.Message.ShouldContain("NOPE/USDT");
        error.Message.ShouldContain("FOO/USDT");
        error.Message.ShouldNotContain("BTC/USDT is not listed");
        server.RestOrders.ShouldBeEmpty();
    }
}
