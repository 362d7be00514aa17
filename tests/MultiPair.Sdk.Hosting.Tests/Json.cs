using System.Text;
using Microsoft.Extensions.Configuration;

namespace MultiPair.Sdk.Hosting.Tests;

internal static class Json
{
    public static IConfiguration Section(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return new ConfigurationBuilder().AddJsonStream(stream).Build().GetSection("MultiPair");
    }
}
