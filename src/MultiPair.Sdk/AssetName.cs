namespace MultiPair.Sdk;

/// <summary>Rules for asset names such as <c>BTC</c>, <c>USDT</c> or <c>1000SHIB</c>.</summary>
internal static class AssetName
{
    /// <summary>Returns whether <paramref name="name"/> is non-empty and only ASCII letters and digits.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
