using MultiPair.Sdk.Exchanges.Binance;

namespace MultiPair.Sdk.Exchanges.Binance.Tests;

public sealed class BinanceSignerTests
{
    // The documented example of Binance's "SIGNED endpoint security" section (LTCBTC limit order).
    private const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private const string Payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";

    [Fact]
    public void Signs_the_documented_example() =>
        BinanceSigner.Sign(Secret, Payload).ShouldBe("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");

    [Fact]
    public void Verify_refuses_a_changed_payload()
    {
        var signature = BinanceSigner.Sign(Secret, Payload);
        BinanceSigner.Verify(Secret, Payload, signature).ShouldBeTrue();
        BinanceSigner.Verify(Secret, Payload.Replace("quantity=1", "quantity=2", StringComparison.Ordinal), signature).ShouldBeFalse();
    }
}
