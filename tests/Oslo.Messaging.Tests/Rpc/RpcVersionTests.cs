using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Tests.Rpc;

public sealed class RpcVersionTests
{
    [Theory]
    [InlineData("1.3", "1.3.1", false)] // oslo's verified vectors (docs/wire-protocol.md, "Version compatibility")
    [InlineData("1.3.2", "1.3.1", true)]
    [InlineData("1.3", "1.2.9", true)]
    [InlineData("2.0", "1.0", false)]
    [InlineData("1.3", "1.3", true)]
    [InlineData("1.3", "1.4", false)]
    [InlineData("1.3", "1.0", true)]
    [InlineData("1.0", "2.0", false)]
    [InlineData("2.1", "2.0", true)]
    [InlineData("1.3.0", "1.3", true)]
    [InlineData("1.3", "1.3.0", true)]
    [InlineData("1.10", "1.9", true)] // parts compare as integers, not strings
    [InlineData("1.9", "1.10", false)]
    public void IsCompatible_SpecVectors_MatchOslo(string implemented, string requested, bool expected) =>
        Assert.Equal(expected, RpcVersion.IsCompatible(implemented, requested));

    [Fact]
    public void IsCompatible_NullImplemented_AcceptsEverything()
    {
        Assert.True(RpcVersion.IsCompatible(null, "7.3"));
        Assert.True(RpcVersion.IsCompatible(null, null));
    }

    [Fact]
    public void IsCompatible_NullRequested_IsNeverCompatible() => Assert.False(RpcVersion.IsCompatible("1.0", null));

    [Theory]
    [InlineData("1", "1.0")] // oslo: IndexError, no minor part
    [InlineData("1.0", "2")]
    [InlineData("abc", "1.0")] // oslo: ValueError
    [InlineData("1.0", "1.x")]
    [InlineData("1.0", "")]
    [InlineData("1.0", "1.0.z")]
    public void IsCompatible_InvalidVersion_ThrowsFormatException(string implemented, string requested) =>
        Assert.Throws<FormatException>(() => RpcVersion.IsCompatible(implemented, requested));

    [Theory]
    [InlineData("1.0", true)]
    [InlineData("2.13.4", true)]
    [InlineData("1", false)]
    [InlineData("abc", false)]
    [InlineData("1.x", false)]
    [InlineData("", false)]
    public void IsWellFormed_Versions_RequiresMajorAndMinorIntegers(string version, bool expected) =>
        Assert.Equal(expected, RpcVersion.IsWellFormed(version));
}
