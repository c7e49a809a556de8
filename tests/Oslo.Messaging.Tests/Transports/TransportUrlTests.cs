using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Transports;

public sealed class TransportUrlTests
{
    [Fact]
    public void Parse_MultiHostWithCredentials_ParsesEveryHost()
    {
        var url = TransportUrl.Parse("rabbit://nova:pw@ctl1:5672,nova:pw@ctl2:5672,nova:pw@ctl3:5672/nova?ssl=1");

        Assert.Equal("rabbit", url.Scheme);
        Assert.Equal("rabbit", url.Driver);
        Assert.Equal(
            [new TransportHost("ctl1", 5672, "nova", "pw"), new TransportHost("ctl2", 5672, "nova", "pw"), new TransportHost("ctl3", 5672, "nova", "pw")],
            url.Hosts);
        Assert.Equal("nova", url.VirtualHost);
        Assert.Equal("1", url.Query["ssl"]);
    }

    [Theory]
    [InlineData("foo://host/bar", "host", null, null, null, "bar")] // oslo test_urls vectors
    [InlineData("foo://[ffff::1]/bar", "ffff::1", null, null, null, "bar")]
    [InlineData("foo://host:1234/bar", "host", 1234, null, null, "bar")]
    [InlineData("foo://[ffff::1]:1234/bar", "ffff::1", 1234, null, null, "bar")]
    [InlineData("foo://u@host:1234/bar", "host", 1234, "u", null, "bar")]
    [InlineData("foo://u:p@host:1234/bar", "host", 1234, "u", "p", "bar")]
    [InlineData("foo://u:p@/bar", "", null, "u", "p", "bar")]
    [InlineData("foo://u%24:p%26@host:1234/%24", "host", 1234, "u$", "p&", "$")]
    [InlineData("rabbit://user%40example.com:p%3Ass%40w0rd@h:5672/", "h", 5672, "user@example.com", "p:ss@w0rd", "")]
    [InlineData("rabbit://us:er:pa@ss@h", "h", null, "us", "er:pa@ss", null)] // credentials split at the last '@', user/pass at the first ':'
    [InlineData("rabbit://[::1]:5672/", "::1", 5672, null, null, "")]
    [InlineData("rabbit://h:/", "h", null, null, null, "")] // empty port = none
    public void Parse_SingleHost_MatchesOslo(string text, string host, int? port, string? user, string? password, string? virtualHost)
    {
        var url = TransportUrl.Parse(text);

        Assert.Equal(new TransportHost(host, port, user, password), Assert.Single(url.Hosts));
        Assert.Equal(virtualHost, url.VirtualHost);
    }

    [Fact]
    public void Parse_MultiCredentialsIpv6_ParsesEveryHost()
    {
        var url = TransportUrl.Parse("foo://u1:p1@[ffff::1]:1234,u2:p2@[ffff::2]:4321/bar");

        Assert.Equal([new TransportHost("ffff::1", 1234, "u1", "p1"), new TransportHost("ffff::2", 4321, "u2", "p2")], url.Hosts);
    }

    [Fact]
    public void Parse_MixedCredentials_KeepsEachHostsOwn()
    {
        var url = TransportUrl.Parse("foo://u:p@host1:1234,host2:4321/bar");

        Assert.Equal([new TransportHost("host1", 1234, "u", "p"), new TransportHost("host2", 4321)], url.Hosts);
    }

    [Theory]
    [InlineData("rabbit://h/", "", "/")]
    [InlineData("rabbit://h", null, "/")]
    [InlineData("rabbit://h//", "/", "/")]
    [InlineData("rabbit://h/my%2Fvhost", "my/vhost", "my/vhost")]
    [InlineData("rabbit://h/nova", "nova", "nova")]
    [InlineData("foo:////", "/", "/")]
    [InlineData("foo:///bar", "bar", "bar")]
    public void Parse_VirtualHost_MatchesOslo(string text, string? virtualHost, string effective)
    {
        var url = TransportUrl.Parse(text);

        Assert.Equal(virtualHost, url.VirtualHost);
        Assert.Equal(effective, url.EffectiveVirtualHost);
    }

    [Fact]
    public void Parse_NoHost_HasNoHosts()
    {
        Assert.Empty(TransportUrl.Parse("rabbit://").Hosts);
        Assert.Empty(TransportUrl.Parse("memory://").Hosts);
    }

    [Fact]
    public void Parse_RepeatedQueryKeys_JoinedWithComma()
    {
        var url = TransportUrl.Parse("rabbit://h/?a=1&b=x%20y&a=2&c=&a=3");

        Assert.Equal("1,2,3", url.Query["a"]);
        Assert.Equal("x y", url.Query["b"]);
        Assert.False(url.Query.ContainsKey("c")); // blank values are dropped, as parse_qs does
    }

    [Fact]
    public void Parse_PlusInScheme_DriverIsThePartBeforePlus()
    {
        var url = TransportUrl.Parse("kombu+memory://");

        Assert.Equal("kombu+memory", url.Scheme);
        Assert.Equal("kombu", url.Driver);
    }

    [Theory]
    [InlineData("localhost:5672")]
    [InlineData("//h/")]
    [InlineData("")]
    [InlineData("://h")]
    public void Parse_NoScheme_ThrowsInvalidTransportUrl(string text)
    {
        var error = Assert.Throws<InvalidTransportUrlException>(() => TransportUrl.Parse(text));

        Assert.Contains("No scheme", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rabbit://u:secret@h:notaport/")]
    [InlineData("rabbit://u:secret@h:70000/")]
    [InlineData("rabbit://u:secret@[::1/")]
    public void Parse_BadHost_ThrowsWithoutPassword(string text)
    {
        var error = Assert.Throws<InvalidTransportUrlException>(() => TransportUrl.Parse(text));

        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rabbit://nova:Kx7/Wz9@ctl1:5672/nova")]
    [InlineData("rabbit://nova:Kx7?Wz9@ctl1:5672/")]
    [InlineData("rabbit://nova:Kx7/W?z9@ctl1/")]
    [InlineData("rabbit://nova:Kx7/W@z9@ctl1/")]
    [InlineData("rabbit://nova:pw@ctl1,nova:Kx7/Wz9@ctl2/")]
    [InlineData("rabbit://nova:Kx7/Wz9@ctl1/?amqp_durable_queues=1")]
    public void Parse_PasswordWithUnencodedSlashOrQuestionMark_ThrowsWithoutAnyPartOfIt(string text)
    {
        var error = Assert.Throws<InvalidTransportUrlException>(() => TransportUrl.Parse(text));

        Assert.DoesNotContain("Kx7", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("z9", error.Message, StringComparison.Ordinal);
        Assert.Contains("percent-encode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PasswordWithUnencodedAt_SplitsAtTheLastAtAndMasks()
    {
        var url = TransportUrl.Parse("rabbit://nova:se@cr3t@ctl1/");

        Assert.Equal("se@cr3t", Assert.Single(url.Hosts).Password);
        Assert.Equal("rabbit://nova:****@ctl1/", url.ToString());
    }

    [Fact]
    public void Parse_NoSchemeWithPassword_MessageMasksPassword()
    {
        var error = Assert.Throws<InvalidTransportUrlException>(() => TransportUrl.Parse("nova:secret@ctl1:5672"));

        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rabbit://nova:s3cr%40t@ctl1:5672,nova:s3cr%40t@ctl2/nova?ssl=1", "rabbit://nova:****@ctl1:5672,nova:****@ctl2/nova?ssl=1")]
    [InlineData("rabbit://guest:guest@[::1]:5672/", "rabbit://guest:****@[::1]:5672/")]
    [InlineData("rabbit://user%40corp@h/", "rabbit://user%40corp@h/")]
    [InlineData("memory://", "memory://")]
    public void ToString_Passwords_AreMasked(string text, string expected)
    {
        var url = TransportUrl.Parse(text);

        Assert.Equal(expected, url.ToString());
        Assert.DoesNotContain("s3cr", url.ToString(), StringComparison.Ordinal);
        Assert.All(url.Hosts, h => Assert.DoesNotContain("s3cr", h.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Hosts_EmptyEntries_AreSkipped()
    {
        var url = TransportUrl.Parse("rabbit://h1,,h2,/");

        Assert.Equal([new TransportHost("h1"), new TransportHost("h2")], url.Hosts);
    }
}
