using System.Security.Cryptography;
using System.Text;

namespace MultiPair.Sdk.Exchanges.Binance;

/// <summary>Binance's request signature: lower-case hex HMAC-SHA256 of the payload (query string, then body) keyed with the API secret.</summary>
internal static class BinanceSigner
{
    public static string Sign(string secret, string payload)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(payload);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload), hash);
        return Convert.ToHexStringLower(hash);
    }

    public static bool Verify(string secret, string payload, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, payload)), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
}
