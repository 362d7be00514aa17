#pragma warning disable MA0006 // Protocol strings compared with == are ordinal, which is what the fake wants.
using System.Globalization;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Fake.Streams;

/// <summary>Formats fake orders as Binance user data events.</summary>
internal static class FakeUserEvents
{
    public static string ExecutionReport(FakeOrder order, FakeTrade? trade, long now)
    {
        var cancelled = order.ExecutionType == "CANCELED";
        var clientId = cancelled ? $"cxl{order.OrderId}" : order.ClientOrderId;
        var original = cancelled ? order.ClientOrderId : string.Empty;
        var commissionAsset = trade is null ? "null" : $"\"{trade.CommissionAsset}\"";
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"e":"executionReport","E":{{now}},"s":"{{order.Symbol}}","c":"{{clientId}}","S":"{{order.Side}}","o":"{{order.Type}}","f":"{{order.TimeInForce}}","q":"{{order.Quantity}}","p":"{{order.Price}}","P":"{{order.StopPrice}}","F":"0","g":-1,"C":"{{original}}","x":"{{order.ExecutionType}}","X":"{{order.Status}}","r":"NONE","i":{{order.OrderId}},"l":"{{trade?.Quantity ?? 0m}}","z":"{{order.ExecutedQuantity}}","L":"{{trade?.Price ?? 0m}}","n":"{{trade?.Commission ?? 0m}}","N":{{commissionAsset}},"T":{{trade?.Time ?? order.UpdateTime}},"t":{{trade?.TradeId ?? -1}},"I":1,"w":true,"m":{{(trade?.IsMaker == true ? "true" : "false")}},"M":false,"O":{{order.CreateTime}},"Z":"{{order.CumulativeQuoteQuantity}}","Y":"0","Q":"0","W":{{order.CreateTime}},"V":"NONE"}""");
    }

    public static string OrderTradeUpdate(FakeOrder order, FakeTrade? trade, long now)
    {
        var average = order.ExecutedQuantity > 0 ? order.CumulativeQuoteQuantity / order.ExecutedQuantity : 0m;
        var time = trade?.Time ?? order.UpdateTime;
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"e":"ORDER_TRADE_UPDATE","E":{{now}},"T":{{time}},"o":{"s":"{{order.Symbol}}","c":"{{order.ClientOrderId}}","S":"{{order.Side}}","o":"{{order.Type}}","f":"{{order.TimeInForce}}","q":"{{order.Quantity}}","p":"{{order.Price}}","ap":"{{average}}","sp":"{{order.StopPrice}}","x":"{{order.ExecutionType}}","X":"{{order.Status}}","i":{{order.OrderId}},"l":"{{trade?.Quantity ?? 0m}}","z":"{{order.ExecutedQuantity}}","L":"{{trade?.Price ?? 0m}}","N":"{{trade?.CommissionAsset ?? "USDT"}}","n":"{{trade?.Commission ?? 0m}}","T":{{time}},"t":{{trade?.TradeId ?? 0}},"b":"0","a":"0","m":{{(trade?.IsMaker == true ? "true" : "false")}},"R":{{(order.ReduceOnly ? "true" : "false")}},"wt":"CONTRACT_PRICE","ot":"{{order.Type}}","ps":"BOTH","cp":false,"rp":"{{trade?.RealizedPnl ?? 0m}}","pP":false,"si":0,"ss":0,"V":"NONE","pm":"NONE","gtd":0} }""");
    }
}
