using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Strategies;
using static MultiPair.Sdk.Tests.Allocation.AllocationFixture;

namespace MultiPair.Sdk.Tests.Allocation;

public sealed class SignalRankingTests
{
    [Fact]
    public void Rank_DifferentConfidence_HighestFirst()
    {
        var ranked = SignalRanking.Rank([Long(Btc, 0.2), Long(Eth, 0.9), Long(Sol, 0.5)]);

        ranked.Select(s => s.Pair).ShouldBe([Eth, Sol, Btc]);
    }

    [Fact]
    public void Rank_EqualConfidence_TiesByCanonicalPairNameThenStrategy()
    {
        Signal[] signals = [Long(Sol, 0.5, "b"), Long(Btc, 0.5, "z"), Long(Sol, 0.5, "a"), Long(Eth, 0.5), Long(Bnb, 0.5)];

        var ranked = SignalRanking.Rank(signals);

        ranked.Select(s => $"{s.Pair}:{s.Strategy}").ShouldBe(["BNB/USDT:default", "BTC/USDT:z", "ETH/USDT:default", "SOL/USDT:a", "SOL/USDT:b"]);
    }

    [Fact]
    public void Rank_FullTies_KeepInputOrder()
    {
        Signal first = Long(Btc, 0.5), second = Long(Btc, 0.5) with { Reason = "second" };

        SignalRanking.Rank([first, second]).ShouldBe([first, second]);
        SignalRanking.Rank([second, first])[0].ShouldBeSameAs(second);
    }

    [Fact]
    public void Rank_NullArgumentOrItem_Throws()
    {
        Should.Throw<ArgumentNullException>(() => SignalRanking.Rank(null!));
        Should.Throw<ArgumentNullException>(() => SignalRanking.Rank([Long(Btc), null!]));
    }
}
