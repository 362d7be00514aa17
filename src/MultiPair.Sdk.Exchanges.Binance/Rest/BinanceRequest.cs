namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>One REST call: method, path, request weight, whether it is signed and whether it places or cancels an order.</summary>
internal sealed class BinanceRequest(HttpMethod method, string path, int weight, bool signed, bool isOrderWrite = false)
{
    public HttpMethod Method { get; } = method;

    public string Path { get; } = path;

    public int Weight { get; } = weight;

    public bool Signed { get; } = signed;

    public bool IsOrderWrite { get; } = isOrderWrite;

    public List<KeyValuePair<string, string>> Parameters { get; } = [];

    public BinanceRequest Add(string name, string value)
    {
        Parameters.Add(new(name, value));
        return this;
    }

    public BinanceRequest Add(string name, long value) => Add(name, BinanceFormat.Integer(value));

    public BinanceRequest Add(string name, decimal value) => Add(name, BinanceFormat.Decimal(value));
}
