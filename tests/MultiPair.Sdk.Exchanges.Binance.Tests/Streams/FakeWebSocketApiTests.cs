using System.Net.WebSockets;
using System.Text;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Streams;

public sealed class FakeWebSocketApiTests
{
    [Fact]
    public async Task Unknown_methods_and_bad_api_keys_get_errors()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(server.StreamAddress, "/ws-api/v3"), CancellationToken.None);

        (await RoundTrip(socket, """{"id":"a","method":"order.teleport","params":{}}""")).ShouldContain("\"status\":400");
        var refused = await RoundTrip(socket, """{"id":"b","method":"userDataStream.subscribe.signature","params":{"apiKey":"nope","timestamp":1,"signature":"00"}}""");
        refused.ShouldContain("\"status\":401");
        refused.ShouldContain("-2015");
    }

    private static async Task<string> RoundTrip(ClientWebSocket socket, string request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[4096];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }
}
