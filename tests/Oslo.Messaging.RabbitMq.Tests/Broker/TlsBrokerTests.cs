using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Broker;

/// <summary>
/// The driver against the test broker's real TLS listener (<see cref="TlsTestBroker"/>): which certificates it accepts,
/// what a refusal says, and the EXTERNAL login with a client certificate.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TlsBrokerTests
{
    // TLS is refused before any login, so this password must never show up in an error or a log.
    private const string Secret = "tls-secret-4711";
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(15);

    private static string Trusted => $"ssl=true&ssl_ca_file={Uri.EscapeDataString(TlsTestBroker.CaFile)}";

    [TlsFact]
    public async Task Call_TrustedCaAndRightHostName_RoundTrips()
    {
        await using var transport = await CreateAsync(TlsTestBroker.Url(), Trusted);

        Assert.Equal(5, await CallAddAsync(transport));
    }

    [TlsFact]
    public async Task Cast_NoCaFile_RefusedBecauseTheSystemDoesNotTrustTheChain()
    {
        var log = new CapturingLoggerFactory();
        await using var transport = await CreateAsync(TlsTestBroker.Url(password: Secret), "ssl=true", log: log);

        var error = await CastRefusedAsync(transport);

        Assert.Contains("chain untrusted", error, StringComparison.Ordinal);
        Assert.Contains("UntrustedRoot", error, StringComparison.Ordinal);
        Assert.Contains("system's trusted CAs because ssl_ca_file is not set", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error, StringComparison.Ordinal);
        AssertLoggedWithoutSecret(log, "chain untrusted");
    }

    [TlsFact]
    public async Task Cast_CaFileOfAnotherCa_RefusedNamingTheFile()
    {
        var query = $"ssl=true&ssl_ca_file={Uri.EscapeDataString(TlsTestBroker.OtherCaFile)}";
        await using var transport = await CreateAsync(TlsTestBroker.Url(password: Secret), query);

        var error = await CastRefusedAsync(transport);

        Assert.Contains("chain untrusted", error, StringComparison.Ordinal);
        Assert.Contains($"ssl_ca_file '{TlsTestBroker.OtherCaFile}' only", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error, StringComparison.Ordinal);
    }

    [TlsFact]
    public async Task Cast_WrongHostName_RefusedAsNameMismatch()
    {
        // Reached by 127.0.0.1 the broker presents its certificate for wrong-host.invalid, signed by the trusted CA.
        var log = new CapturingLoggerFactory();
        await using var transport = await CreateAsync(TlsTestBroker.Url("127.0.0.1", password: Secret), Trusted, log: log);

        var error = await CastRefusedAsync(transport);

        Assert.Contains("host name mismatch", error, StringComparison.Ordinal);
        Assert.Contains("is for DNS:wrong-host.invalid, not for '127.0.0.1'", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error, StringComparison.Ordinal);
        AssertLoggedWithoutSecret(log, "host name mismatch");
    }

    [TlsFact]
    public async Task StartAsync_WrongHostName_FailsAtOnceWithTheReason()
    {
        await using var transport = await CreateAsync(TlsTestBroker.Url("127.0.0.1", password: Secret), Trusted);
        await using var server = new RpcServer(transport, new Target(TestBroker.Unique("tls"), "s1"), [new EchoEndpoint("s1")]);

        // No retry loop: a rejected certificate is as final as rejected credentials.
        var error = await Assert.ThrowsAsync<ServerListenException>(() => server.StartAsync().WaitAsync(_signal));

        Assert.Contains("host name mismatch", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [TlsFact]
    public async Task Call_WrongHostNameWithVerificationOff_RoundTripsBecauseTheChainIsTrusted()
    {
        await using var transport = await CreateAsync(TlsTestBroker.Url("127.0.0.1"), Trusted + "&ssl_enforce_hostname_verification=false");

        Assert.Equal(5, await CallAddAsync(transport));
    }

    [TlsFact]
    public async Task Call_ExternalLogin_LogsInWithTheClientCertificate()
    {
        // The URL's user and password are not valid on the broker: only the certificate can log this transport in.
        var certificate = $"&ssl_cert_file={Uri.EscapeDataString(TlsTestBroker.ClientCertFile)}&ssl_key_file={Uri.EscapeDataString(TlsTestBroker.ClientKeyFile)}";
        var url = TlsTestBroker.Url(user: "nobody", password: Secret);
        await using var external = await CreateAsync(url, Trusted + certificate + "&rabbit_login_method=EXTERNAL");
        await using var plain = await CreateAsync(url, Trusted + certificate + "&rabbit_login_method=PLAIN");

        Assert.Equal(5, await CallAddAsync(external));
        var refused = await CastRefusedAsync(plain);
        Assert.Contains("ACCESS_REFUSED", refused, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, refused, StringComparison.Ordinal);
    }

    [TlsFact]
    public async Task Call_InsecureOptOut_ConnectsWithoutCaAndWarnsLoudly()
    {
        var log = new CapturingLoggerFactory();
        var rabbit = TestBroker.FastRecovery();
        rabbit.SslInsecureAcceptAnyCertificate = true;
        await using var transport = await CreateAsync(TlsTestBroker.Url(password: "guest"), "ssl=true", rabbit, log);

        Assert.Equal(5, await CallAddAsync(transport));
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("verification is OFF", StringComparison.Ordinal));
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("WITHOUT verification", StringComparison.Ordinal)
            && e.Message.Contains("chain untrusted", StringComparison.Ordinal));
    }

    private static Task<Transport> CreateAsync(string url, string query, RabbitMqOptions? rabbit = null, ILoggerFactory? log = null)
    {
        var options = new TransportOptions { LoggerFactory = log ?? new CapturingLoggerFactory() }.UseRabbitMq(rabbit ?? TestBroker.FastRecovery());
        return Transport.CreateAsync(url + "?" + query, options);
    }

    private static async Task<int> CallAddAsync(Transport transport)
    {
        var topic = TestBroker.Unique("tls");
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync().WaitAsync(_signal);
        return await new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = _signal })
            .CallAsync<int>(new RequestContext(), "add", new { a = 2, b = 3 });
    }

    /// <summary>The refusal was logged with its reason (the connection loop's error), and no log entry has the password.</summary>
    private static void AssertLoggedWithoutSecret(CapturingLoggerFactory log, string reason)
    {
        var entries = log.Entries;
        Assert.Contains(entries, e => e.Level == LogLevel.Error && e.Message.Contains(reason, StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.ToString().Contains(Secret, StringComparison.Ordinal));
    }

    /// <summary>A cast that the connection refuses: it fails at once (no retry loop), with the whole error text.</summary>
    private static async Task<string> CastRefusedAsync(Transport transport)
    {
        var client = new RpcClient(transport, new Target(TestBroker.Unique("tls")), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
        var error = await Assert.ThrowsAsync<MessageDeliveryFailureException>(() => client.CastAsync(new RequestContext(), "note").WaitAsync(_signal));
        return error.ToString();
    }
}
