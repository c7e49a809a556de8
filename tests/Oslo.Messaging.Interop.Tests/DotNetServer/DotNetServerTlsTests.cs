using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Testing;

namespace Oslo.Messaging.Interop.Tests.DotNetServer;

/// <summary>
/// Python oslo.messaging clients, Debian's 14.0.3 and the newest 18.1.0, call a .NET server over TLS on the test broker
/// with oslo's own options (<c>ssl</c>, <c>ssl_ca_file</c>). The broker presents its <c>localhost</c> certificate to
/// clients that ask for that name and a <c>wrong-host.invalid</c> one to clients connecting to <c>127.0.0.1</c>; 18.1.0
/// checks the host name by default (<c>ssl_enforce_hostname_verification</c>), 14.0.3 does not.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DotNetServerTlsTests(DotNetTlsServerFixture server) : IClassFixture<DotNetTlsServerFixture>
{
    private const string Debian = "/usr/lib/python3/dist-packages/oslo_messaging";

    [TlsFact]
    public async Task Oslo14_TrustedCa_CallsTheDotNetServerOverTls()
    {
        var outcome = await server.RunAsync(server.Call("add") with { Args = new { a = 2, b = 3 } });

        Assert.Equal(5, outcome.AssertOk().GetInt32());
        Assert.Equal(Debian, outcome.OsloMessagingPath);
    }

    [TlsNewestOsloFact]
    public async Task Oslo18_TrustedCaAndRightHostName_CallsTheDotNetServerOverTls()
    {
        var outcome = await server.RunAsync(server.Call("echo") with { Args = new { payload = "über TLS" }, OsloPath = NewestOslo.Path });

        Assert.Equal("über TLS", outcome.AssertOk().GetString());
        Assert.Equal(Path.Combine(NewestOslo.Path, "oslo_messaging"), outcome.OsloMessagingPath);
    }

    [TlsNewestOsloFact]
    public async Task Oslo18_WrongHostName_RefusedByItsDefaultHostNameCheck()
    {
        var outcome = await server.RunAsync(server.Call("note", "127.0.0.1") with { Kind = "cast", Retry = 0, Args = new { kind = "x" }, OsloPath = NewestOslo.Path });

        Assert.False(outcome.Ok, outcome.Describe());
        Assert.Contains("CERTIFICATE_VERIFY_FAILED", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("IP address mismatch", outcome.Message, StringComparison.Ordinal);
    }

    [TlsFact]
    public async Task Oslo14_WrongHostName_StillCallsBecauseItChecksOnlyTheChain()
    {
        // The same URL as the 18.1.0 refusal above: 14.0.3 leaves ssl_enforce_hostname_verification off by default.
        var outcome = await server.RunAsync(server.Call("whoami", "127.0.0.1"));

        Assert.Equal("s1", outcome.AssertOk().GetString());
    }
}
