using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.GateFixture;

namespace MultiPair.Sdk.Tests.Risk;

/// <summary><see cref="RiskGate.Adopt"/>: an order already on the exchange (adopted after a restart) is reserved without a decision.</summary>
public sealed class GateAdoptTests
{
    private static OrderProposal Entry(decimal quantity = 0.01m, decimal price = 40_000m) =>
        new() { Pair = Btc, Side = OrderSide.Buy, Quantity = quantity, Price = price, Sleeve = new StrategyId("s") };

    [Fact]
    public void Adopt_Entry_CountsAgainstSlotsAndCapitalUntilFilled()
    {
        var (ledger, time) = Ledger(10_000m, new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 1, MaxPositionSizePercent = 100m, MaxCorrelatedExposurePercent = 100m });
        using var gate = Gate(ledger, time, [new MaxPositionsRule()]);
        var id = new ClientOrderId("mp-adopted-1");

        var reservation = gate.Adopt(Entry(), id);

        reservation.ShouldBe(new Reservation(id, Btc, new StrategyId("s"), ProposalIntent.Open, PositionSide.Long, 0.01m, 40_000m, 1m, time.GetUtcNow()));
        gate.Adopt(Entry(quantity: 5m), id).ShouldBeSameAs(reservation, "adopting twice keeps the first");
        gate.CreateSnapshot().PendingOpenCount.ShouldBe(1);
        gate.CreateSnapshot().ReservedCapital.ShouldBe(400m);

        // The only slot is taken by the adopted entry: a new entry is refused.
        gate.Submit(Entry() with { Pair = Eth }, new ClientOrderId("mp-new-1")).IsApproved.ShouldBeFalse();

        gate.ApplyFill(id, 0.01m).ShouldBeTrue();
        gate.Reservations.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0, 40_000)]
    [InlineData(-1, 40_000)]
    [InlineData(0.01, 0)]
    public void Adopt_BadQuantityOrPrice_ThrowsAndReservesNothing(decimal quantity, decimal price)
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time);

        Should.Throw<ArgumentException>(() => gate.Adopt(Entry(quantity, price), new ClientOrderId("mp-x"))).ParamName.ShouldBe("proposal");
        Should.Throw<ArgumentException>(() => gate.Adopt(Entry(), default)).ParamName.ShouldBe("clientOrderId");
        Should.Throw<ArgumentNullException>(() => gate.Adopt(null!, new ClientOrderId("mp-y")));
        gate.Reservations.ShouldBeEmpty();
    }
}
