using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Configuration;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Hosting.Tests;

public sealed class ConfigurationBindingTests
{
    private static ServiceProvider Build(string json, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? before = null)
    {
        var services = new ServiceCollection();
        before?.Invoke(services);
        services.AddMultiPairTrading(Json.Section(json)).UseSimulatedExchange();
        return services.BuildServiceProvider();
    }

    private static string[] PairsOf(ServiceProvider provider) =>
        [.. provider.GetRequiredService<IPortfolioManager>().Pairs.Select(p => p.Pair.ToString())];

    [Theory]
    [InlineData("\"BTCUSDT\"", new[] { "BTC/USDT" })]
    [InlineData("\"BTC\"", new[] { "BTC/USDT" })]
    [InlineData("\"BTC,ETH,SOL\"", new[] { "BTC/USDT", "ETH/USDT", "SOL/USDT" })]
    [InlineData("[\"BTC/USDT\",\"ETHUSDT\"]", new[] { "BTC/USDT", "ETH/USDT" })]
    [InlineData("[\"btc-usdt\",\"ETH\", \"sol_usdt\"]", new[] { "BTC/USDT", "ETH/USDT", "SOL/USDT" })]
    [InlineData("[{\"Symbol\":\"BTCUSDT\"},{\"symbol\":\"ETH\",\"strategy\":\"momentum\"}]", new[] { "BTC/USDT", "ETH/USDT" })]
    [InlineData("{\"BTC/USDT\":{\"strategy\":\"ema-cross\"},\"ETHUSDT\":{}}", new[] { "BTC/USDT", "ETH/USDT" })]
    public async Task AddMultiPairTrading_EveryPairListForm_BindsTheNormalisedPairs(string pairs, string[] expected)
    {
        await using var provider = Build($$"""{ "MultiPair": { "Pairs": {{pairs}} } }""");

        PairsOf(provider).ShouldBe(expected, ignoreOrder: true);
        provider.GetRequiredService<PortfolioEngine>().PairsRunning.Count.ShouldBe(expected.Length);
    }

    [Fact]
    public async Task AddMultiPairTrading_SafeListObjects_AppliesStrategyTierLeverageLimitsGroupAndEnabled()
    {
        const string json = """
        {
          "MultiPair": {
            "Portfolio": { "TotalCapital": 50000, "MaxPositions": 4 },
            "Tiers": { "VOLATILE": { "PositionSizePercent": 3, "Leverage": 5, "MarketType": "LinearPerpetual" } },
            "Pairs": {
              "BTC/USDT": { "enabled": true, "tier": "VOLATILE", "strategy": "momentum", "leverage": 10, "max_position_size_usd": 2000,
                            "correlation_group": "large_cap", "params": { "rsiPeriod": 14 } },
              "ETH/USDT": { "enabled": true, "tier": "VOLATILE", "correlation_group": "large_cap" },
              "DOGE/USDT": { "enabled": false, "strategy": "breakout" }
            }
          }
        }
        """;
        await using var provider = Build(json);

        var ledger = provider.GetRequiredService<IPortfolioManager>();
        ledger.Pairs.Select(p => p.Pair.ToString()).ShouldBe(["BTC/USDT", "ETH/USDT"], ignoreOrder: true);
        var btc = ledger.GetPairConfig(TradingPair.Parse("BTC/USDT"))!;
        btc.Leverage.ShouldBe(10m);
        btc.PositionSizePercent.ShouldBe(3m);
        btc.MaxPositionSizeQuote.ShouldBe(2000m);
        btc.CorrelationGroup.ShouldBe("large_cap");
        btc.MarketType.ShouldBe(MarketType.LinearPerpetual);
        ledger.GetPairConfig(TradingPair.Parse("ETH/USDT"))!.Leverage.ShouldBe(5m);
        ledger.Config.TotalCapital.ShouldBe(50_000m);
        var rules = provider.GetRequiredService<RiskGate>().Rules;
        rules.ShouldContain(r => r is CorrelatedExposureRule);
        rules.ShouldContain(r => r is MaxPositionNotionalRule);
    }

    [Fact]
    public async Task AddMultiPairTrading_SinglePair_IsAOnePairPortfolio()
    {
        await using var provider = Build("""{ "MultiPair": { "Pairs": "BTCUSDT" } }""");

        var ledger = provider.GetRequiredService<IPortfolioManager>();
        ledger.Pairs.Count.ShouldBe(1);
        provider.GetRequiredService<PortfolioEngine>().PairsRunning.ShouldBe([TradingPair.Parse("BTC/USDT")]);
        ledger.GetPortfolioMetrics().ActivePositions.ShouldBe(0);
    }

    [Fact]
    public async Task Validation_DuplicatesAndOtherBadSettings_ListsEveryProblemInOneException()
    {
        const string json = """
        {
          "MultiPair": {
            "Portfolio": { "TotalCapital": -5, "MaxLeverage": 3 },
            "Timeframe": "7q",
            "Pairs": [ "BTC", "BTCUSDT", "btc/usdt", { "symbol": "ETH", "strategy": "no-such-strategy" },
                       { "symbol": "SOL", "tier": "MISSING", "leverage": 10 } ],
            "RiskRules": [ { "Name": "NoSuchRule" }, { "Name": "StopLossGuard", "Parameters": { "MaxStopLosses": "0" } } ],
            "Allocation": { "Name": "magic" },
            "Exchange": { "Mode": "Live" }
          }
        }
        """;
        await using var provider = Build(json);

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MultiPairOptions>>().Value);

        var all = string.Join("\n", error.Failures);
        error.Failures.Count().ShouldBeGreaterThanOrEqualTo(9, all);
        all.ShouldContain("'BTCUSDT' is BTC/USDT, which 'BTC' already lists");
        all.ShouldContain("'btc/usdt' is BTC/USDT");
        all.ShouldContain("TotalCapital");
        all.ShouldContain("Timeframe '7q'");
        all.ShouldContain("no-such-strategy");
        all.ShouldContain("tier 'MISSING'");
        all.ShouldContain("exceeds Portfolio.MaxLeverage");
        all.ShouldContain("NoSuchRule");
        all.ShouldContain("MaxStopLosses");
        all.ShouldContain("magic");
        all.ShouldContain("live trading needs a real exchange");
    }

    [Fact]
    public async Task Validation_NoPairs_IsAnError()
    {
        await using var provider = Build("""{ "MultiPair": { } }""");

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MultiPairOptions>>().Value)
            .Failures.ShouldContain(f => f.Contains("at least one pair", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ObjectGraph_Resolves_WithConfiguredRulesAndTheExecutorOverTheSimulatedExchange()
    {
        const string json = """
        {
          "MultiPair": {
            "Pairs": [ { "symbol": "BTC", "correlation_group": "large_cap" }, "ETH" ],
            "Portfolio": { "MaxGrossExposurePercent": 150, "DrawdownHaltPercent": 25 },
            "RiskRules": [ { "Name": "stop-loss-guard", "Parameters": { "MaxStopLosses": "2", "LockDuration": "01:00:00" } },
                           { "Name": "CorrelatedExposure", "Parameters": { "GroupLimits:large_cap": "30" } } ],
            "Allocation": { "Name": "confidence-weighted", "Parameters": { "MaxTotalPercent": "60" } },
            "Engine": { "DecisionDelay": "00:00:00", "DefaultStopLossPercent": 2 }
          }
        }
        """;
        await using var provider = Build(json);

        var engine = provider.GetRequiredService<PortfolioEngine>();
        engine.ShouldNotBeNull();
        provider.GetRequiredService<IOrderGateway>().ShouldBeOfType<OrderExecutor>();
        provider.GetRequiredService<IAllocationStrategy>().ShouldBeOfType<ConfidenceWeightedAllocation>().MaxTotalPercent.ShouldBe(60m);
        var rules = provider.GetRequiredService<RiskGate>().Rules;
        rules.OfType<StopLossGuardProtection>().Single().MaxStopLosses.ShouldBe(2);
        rules.OfType<StopLossGuardProtection>().Single().LockDuration.ShouldBe(TimeSpan.FromHours(1));
        rules.OfType<CorrelatedExposureRule>().ShouldContain(r => r.GroupLimits.ContainsKey("large_cap") && r.GroupLimits["large_cap"] == 30m);
        rules.ShouldContain(r => r is MaxGrossExposureRule);
        rules.ShouldContain(r => r is DailyLossLimitRule);
        rules.ShouldContain(r => r is DrawdownThrottleRule);
        provider.GetRequiredService<IOptions<MultiPairOptions>>().Value.Engine.DefaultStopLossPercent.ShouldBe(2m);
        provider.GetRequiredService<SimulatedExchangeAdapter>().ShouldNotBeNull();
    }

    [Fact]
    public async Task TryAdd_UserRegistrations_ReplaceTheDefaults()
    {
        var custom = new EqualWeightAllocation { BudgetPercent = 7m };
        var clock = new ManualTimeProvider();
        await using var provider = Build("""{ "MultiPair": { "Pairs": "BTC" } }""", services =>
        {
            services.AddSingleton<IAllocationStrategy>(custom);
            services.AddSingleton<TimeProvider>(clock);
        });

        provider.GetRequiredService<IAllocationStrategy>().ShouldBeSameAs(custom);
        provider.GetRequiredService<TimeProvider>().ShouldBeSameAs(clock);
    }

    [Fact]
    public async Task Builder_AddStrategyAddPairAddRiskRuleUseAllocation_AreUsed()
    {
        var services = new ServiceCollection();
        var allocation = new FixedFractionAllocation { FractionPercent = 4m };
        services.AddMultiPairTrading(o => o.Portfolio.TotalCapital = 1_000m)
            .AddStrategy("scripted", _ => new ScriptedStrategy([MultiPair.Sdk.MarketData.Timeframe.OneHour], (_, _) => null))
            .AddPair("BTC", p => p.Strategy = "scripted")
            .AddPair("ETH/USDT")
            .AddRiskRule(new MinimumConfidenceRule { MinimumConfidence = 0.7 })
            .AddRiskRule<OnePositionPerPairRule>("one-per-pair")
            .UseAllocation(allocation)
            .UseSimulatedExchange();
        services.Configure<MultiPairOptions>(o => o.RiskRules.Add(new ComponentOptions { Name = "one-per-pair" }));
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<PortfolioEngine>().PairsRunning.Count.ShouldBe(2);
        provider.GetRequiredService<IAllocationStrategy>().ShouldBeSameAs(allocation);
        var rules = provider.GetRequiredService<RiskGate>().Rules;
        rules.ShouldContain(r => r is MinimumConfidenceRule);
        rules.ShouldContain(r => r is OnePositionPerPairRule);
    }

    [Fact]
    public void PairForms_AnySetOfAssets_CommaListArrayAndObjectBindTheSamePairs()
    {
        string[] assets = ["BTC", "ETH", "SOL", "ADA", "XRP", "DOT", "LINK", "LTC"];
        var gen = Gen.SubListOf(assets).Where(l => l.Count > 0);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), Prop.ForAll(gen.ToArbitrary(), subset =>
        {
            var names = subset.ToArray();
            var comma = $$"""{ "MultiPair": { "Pairs": "{{string.Join(",", names)}}" } }""";
            var array = $$"""{ "MultiPair": { "Pairs": [{{string.Join(",", names.Select(n => $"\"{n}USDT\""))}}] } }""";
            var obj = $$"""{ "MultiPair": { "Pairs": { {{string.Join(",", names.Select(n => $"\"{n}/USDT\": {{}}"))}} } } }""";
            using var a = Build(comma);
            using var b = Build(array);
            using var c = Build(obj);
            var expected = names.Select(n => n + "/USDT").Order(StringComparer.Ordinal).ToArray();
            return PairsOf(a).Order(StringComparer.Ordinal).SequenceEqual(expected, StringComparer.Ordinal)
                && PairsOf(b).Order(StringComparer.Ordinal).SequenceEqual(expected, StringComparer.Ordinal)
                && PairsOf(c).Order(StringComparer.Ordinal).SequenceEqual(expected, StringComparer.Ordinal);
        }));
    }
}
