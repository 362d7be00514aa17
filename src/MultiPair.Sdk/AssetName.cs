using System.Buffers;

namespace MultiPair.Sdk;

/// <summary>Rules for asset names such as <c>BTC</c>, <c>USDT</c> or <c>1000SHIB</c>: ASCII letters and digits.</summary>
internal static class AssetName
{
    /// <summary>The characters an asset name may hold.</summary>
    public static readonly SearchValues<char> Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    /// <summary>Returns whether <paramref name="name"/> is non-empty and only ASCII letters and digits.</summary>
    public static bool IsValid(ReadOnlySpan<char> name) => !name.IsEmpty && !name.ContainsAnyExcept(Chars);
}
