using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Tests.Execution;

public sealed class OrderRequestTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly ClientOrderId Id = new("mp-7f3a-0001");

    [Fact]
    public void Market_Valid_HasNoPrices()
    {
        var order = OrderRequest.Market(Id, Btc, OrderSide.Buy, 0.01m) with { Strategy = new StrategyId("trend"), PositionId = new PositionId("p1") };

        order.Type.ShouldBe(OrderType.Market);
        order.Price.ShouldBeNull();
        order.StopPrice.ShouldBeNull();
        order.TimeInForce.ShouldBe(TimeInForce.GoodTillCanceled);
        order.PositionId.ShouldBe(new PositionId("p1"));
    }

    [Fact]
    public void Constructor_StopLimitWithBothPrices_IsAccepted()
    {
        var order = new OrderRequest(Id, Btc, OrderSide.Sell, OrderType.StopLimit, 0.5m, 39_000m, 39_100m, TimeInForce.ImmediateOrCancel, reduceOnly: true);

        order.Price.ShouldBe(39_000m);
        order.StopPrice.ShouldBe(39_100m);
        order.ReduceOnly.ShouldBeTrue();
    }

    [Theory]
    [InlineData(OrderType.Market, 1.0, 100.0, null, TimeInForce.GoodTillCanceled)]
    [InlineData(OrderType.Market, 1.0, null, null, TimeInForce.FillOrKill)]
    [InlineData(OrderType.Limit, 1.0, null, null, TimeInForce.GoodTillCanceled)]
    [InlineData(OrderType.Limit, 1.0, 0.0, null, TimeInForce.GoodTillCanceled)]
    [InlineData(OrderType.Limit, 1.0, 100.0, 90.0, TimeInForce.GoodTillCanceled)]
    [InlineData(OrderType.StopMarket, 1.0, null, null, TimeInForce.GoodTillCanceled)]
    [InlineData(OrderType.StopMarket, 1.0, null, -5.0, TimeInForce.GoodTillCanceled)]
    [InlineData(OrderType.StopLimit, 1.0, 100.0, null, TimeInForce.GoodTillCanceled)]
    [InlineData(OrderType.Limit, 0.0, 100.0, null, TimeInForce.GoodTillCanceled)]
    [InlineData(OrderType.Limit, -1.0, 100.0, null, TimeInForce.GoodTillCanceled)]
    public void Constructor_ShapeDoesNotFitType_ThrowsArgumentException(OrderType type, double quantity, double? price, double? stop, TimeInForce timeInForce)
    {
        Should.Throw<ArgumentException>(() => new OrderRequest(Id, Btc, OrderSide.Buy, type, (decimal)quantity, (decimal?)price, (decimal?)stop, timeInForce));
    }

    [Fact]
    public void Constructor_EveryTypeWithFittingShape_IsAccepted()
    {
        new OrderRequest(Id, Btc, OrderSide.Buy, OrderType.Market, 1m).Type.ShouldBe(OrderType.Market);
        OrderRequest.Limit(Id, Btc, OrderSide.Buy, 1m, 100m, TimeInForce.FillOrKill).TimeInForce.ShouldBe(TimeInForce.FillOrKill);
        new OrderRequest(Id, Btc, OrderSide.Sell, OrderType.StopMarket, 1m, stopPrice: 90m).StopPrice.ShouldBe(90m);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("emoji-✓")]
    [InlineData("0123456789012345678901234567890123456")]
    public void ClientOrderId_BadText_ThrowsArgumentException(string text)
    {
        Should.Throw<ArgumentException>(() => new ClientOrderId(text));
    }

    [Fact]
    public void ClientOrderId_BinanceCharacters_AreAccepted()
    {
        new ClientOrderId("web_tr.A:b/c-9").Value.ShouldBe("web_tr.A:b/c-9");
        new ClientOrderId(new string('x', 36)).Value.Length.ShouldBe(36);
    }

    [Fact]
    public void Fill_Valid_ComputesNotional()
    {
        var fill = new Fill("28457", Id, Btc, OrderSide.Buy, 40_000m, 0.25m, Fee.InBase(0.00025m), DateTimeOffset.UnixEpoch, isMaker: true) { Sleeve = new StrategyId("trend") };

        fill.Notional.ShouldBe(10_000m);
        fill.Sleeve.Value.ShouldBe("trend");
        fill.Fee.Asset.ShouldBe(FeeAsset.Base);
    }

    [Fact]
    public void Fill_BadValues_ThrowArgumentException()
    {
        Should.Throw<ArgumentException>(() => new Fill("1", Id, Btc, OrderSide.Buy, 0m, 1m, Fee.None, DateTimeOffset.UnixEpoch));
        Should.Throw<ArgumentException>(() => new Fill("1", Id, Btc, OrderSide.Buy, 1m, -1m, Fee.None, DateTimeOffset.UnixEpoch));
        Should.Throw<ArgumentException>(() => new Fill("1", Id, Btc, OrderSide.Buy, 1m, 1m, Fee.InQuote(-0.1m), DateTimeOffset.UnixEpoch));
        Should.Throw<ArgumentException>(() => new Fill(" ", Id, Btc, OrderSide.Buy, 1m, 1m, Fee.None, DateTimeOffset.UnixEpoch));
        Should.Throw<ArgumentException>(() => new Fill("1", default, Btc, OrderSide.Buy, 1m, 1m, Fee.None, DateTimeOffset.UnixEpoch));
    }
}
