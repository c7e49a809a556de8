using Microsoft.Extensions.Logging.Abstractions;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Internal;

public sealed class BrokerConnectorTests
{
    private static BrokerConnector Create(string url) => new(RabbitSettings.Defaults, TransportUrl.Parse(url), NullLogger.Instance);

    [Fact]
    public void Hosts_NoHostInUrl_IsGuestAtLocalhostOnTheDefaultPort()
    {
        var connector = Create("rabbit://");

        Assert.Equal(["guest@localhost:5672"], connector.Hosts);
        Assert.Equal("/", connector.VirtualHost);
    }

    [Fact]
    public void Hosts_SeveralHostsWithOwnCredentials_KeepUrlOrderPortsAndUsers()
    {
        var connector = Create("kombu://nova:pw1@ctl1:5673,glance:pw2@ctl2,[::1]:5674/my%2Fvhost");

        Assert.Equal(["nova@ctl1:5673", "glance@ctl2:5672", "guest@::1:5674"], connector.Hosts);
        Assert.Equal("my/vhost", connector.VirtualHost);
        Assert.DoesNotContain(connector.Hosts, h => h.Contains("pw", StringComparison.Ordinal));
        Assert.Equal("kombu://nova:****@ctl1:5673,glance:****@ctl2,[::1]:5674/my%2Fvhost", connector.MaskedUrl);
    }

    [Theory]
    [InlineData("rabbit://h", "/")]
    [InlineData("rabbit://h/", "/")]
    [InlineData("rabbit://h//", "/")]
    [InlineData("rabbit://h/nova", "nova")]
    public void VirtualHost_FollowsOslosRules(string url, string expected)
    {
        Assert.Equal(expected, Create(url).VirtualHost);
    }
}
