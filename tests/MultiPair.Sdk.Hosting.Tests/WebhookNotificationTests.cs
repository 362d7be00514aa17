using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MultiPair.Sdk.Hosting.Notifications;

namespace MultiPair.Sdk.Hosting.Tests;

public sealed class WebhookNotificationTests
{
    [Fact]
    public async Task WebhookSink_Notification_PostsJsonToTheEndpoint()
    {
        var bodies = new ConcurrentQueue<JsonDocument>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            bodies.Enqueue(await JsonDocument.ParseAsync(request.Body));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMultiPairTrading(o => o.Pairs.Add(new MultiPair.Sdk.Configuration.PairOptions { Symbol = "BTC" }))
            .AddHostedTrading()
            .AddWebhookNotifications(o =>
            {
                o.Url = new Uri(address + "/hook");
                o.TextProperty = "content";
                o.ExtraFields["chat_id"] = "42";
            });
        await using var provider = services.BuildServiceProvider();
        var publisher = provider.GetRequiredService<NotificationPublisher>();

        publisher.Publish(new TradingNotification(NotificationKind.EmergencyStop, "Trading halted: drawdown 21 %", new DateTimeOffset(2021, 3, 1, 0, 0, 0, TimeSpan.Zero)) { Pair = "BTC/USDT" });
        await publisher.FlushAsync(TimeSpan.FromSeconds(10));
        await app.StopAsync();

        var body = bodies.ShouldHaveSingleItem().RootElement;
        body.GetProperty("kind").GetString().ShouldBe("EmergencyStop");
        body.GetProperty("message").GetString().ShouldBe("Trading halted: drawdown 21 %");
        body.GetProperty("content").GetString().ShouldBe("Trading halted: drawdown 21 %");
        body.GetProperty("chat_id").GetString().ShouldBe("42");
        body.GetProperty("pair").GetString().ShouldBe("BTC/USDT");
    }

    [Fact]
    public async Task Publisher_FailingSink_IsSkippedAndOthersStillReceive()
    {
        var good = new PaperSessionTests.RecordingSink();
        await using var publisher = new NotificationPublisher([new FailingSink(), good]);

        publisher.Publish(new TradingNotification(NotificationKind.TradeOpened, "x", DateTimeOffset.UnixEpoch));
        await publisher.FlushAsync(TimeSpan.FromSeconds(5));

        good.Received.Count.ShouldBe(1);
    }

    private sealed class FailingSink : INotificationSink
    {
        public ValueTask SendAsync(TradingNotification notification, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("down");
    }
}
