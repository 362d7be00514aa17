using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Tests.Execution;

/// <summary>The ids cache their hash: equality and hashing must still be exactly ordinal equality of the text.</summary>
public sealed class IdEqualityPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(1_000);

    private static readonly Gen<string> Text =
        from length in Gen.Choose(1, 20)
        from chars in Gen.ArrayOf(Gen.Elements("abAB01-_:".ToCharArray()), length)
        select new string(chars);

    [Fact]
    public void PositionIds_AreEqualExactlyWhenTheirTextIsOrdinallyEqual()
    {
        Check.One(Config, Prop.ForAll(Text.Two().ToArbitrary(), pair =>
        {
            var (a, b) = (new PositionId(pair.Item1), new PositionId(new string(pair.Item2.AsSpan())));
            var same = string.Equals(pair.Item1, pair.Item2, StringComparison.Ordinal);
            return a.Equals(b) == same && (a == b) == same && (!same || a.GetHashCode() == b.GetHashCode())
                && a.Equals(new PositionId(new string(pair.Item1.AsSpan()))) && a.GetHashCode() == new PositionId(new string(pair.Item1.AsSpan())).GetHashCode();
        }));
    }

    [Fact]
    public void ClientOrderIds_AreEqualExactlyWhenTheirTextIsOrdinallyEqual()
    {
        Check.One(Config, Prop.ForAll(Text.Two().ToArbitrary(), pair =>
        {
            var (a, b) = (new ClientOrderId(pair.Item1), new ClientOrderId(new string(pair.Item2.AsSpan())));
            var same = string.Equals(pair.Item1, pair.Item2, StringComparison.Ordinal);
            return a.Equals(b) == same && (a == b) == same && (!same || a.GetHashCode() == b.GetHashCode());
        }));
    }

    [Fact]
    public void DefaultIds_EqualOnlyEachOther()
    {
        default(PositionId).ShouldBe(default);
        default(PositionId).Equals(new PositionId("p")).ShouldBeFalse();
        default(ClientOrderId).ShouldBe(default);
        new ClientOrderId("c").Equals(default).ShouldBeFalse();
        new HashSet<PositionId> { new("x"), new(new string('x', 1)) }.Count.ShouldBe(1);
    }
}
