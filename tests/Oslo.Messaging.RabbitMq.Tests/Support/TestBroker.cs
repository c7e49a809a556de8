using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>The test broker: <c>OSLO_TEST_RABBIT_URL</c> (and <c>OSLO_TEST_RABBIT_CTL</c> for fault tests), set by scripts/test.sh.</summary>
internal static class TestBroker
{
    private const string UrlVariable = "OSLO_TEST_RABBIT_URL";
    private const string CtlVariable = "OSLO_TEST_RABBIT_CTL";

    /// <summary>The broker URL (no query).</summary>
    /// <exception cref="InvalidOperationException">Not set: these tests need a broker and do not skip silently.</exception>
    public static string Url => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url
        ? url.TrimEnd('/') + "/"
        : throw new InvalidOperationException(
            $"{UrlVariable} is not set. The RabbitMQ integration tests need a broker: run `bash scripts/test.sh` " +
            $"(starts a private node and sets {UrlVariable} and {CtlVariable}), or set {UrlVariable}=rabbit://guest:guest@127.0.0.1:5699/ yourself.");

    /// <summary>The control script (<c>scripts/rabbitmq.sh</c>) that can stop and start the broker.</summary>
    public static string Ctl => Environment.GetEnvironmentVariable(CtlVariable) is { Length: > 0 } ctl
        ? ctl
        : throw new InvalidOperationException(
            $"{CtlVariable} is not set. The broker fault tests restart the broker through it: run `bash scripts/test.sh`.");

    /// <summary>A name no other test uses.</summary>
    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    /// <summary>A transport on the test broker with the RabbitMQ driver; <paramref name="query"/> is appended to the URL.</summary>
    public static Task<Transport> CreateTransportAsync(string query = "", RabbitMqOptions? rabbit = null, TransportOptions? options = null)
    {
        options ??= new TransportOptions();
        options.UseRabbitMq(rabbit ?? FastRecovery());
        return Transport.CreateAsync(Url + (query.Length > 0 ? "?" + query : ""), options);
    }

    /// <summary>oslo's defaults except for quicker reconnects, so tests that break connections do not wait 30 s.</summary>
    public static RabbitMqOptions FastRecovery() => new()
    {
        ReconnectDelay = TimeSpan.FromMilliseconds(200),
        RetryInterval = TimeSpan.FromMilliseconds(500),
        RetryBackoff = TimeSpan.FromMilliseconds(500),
        IntervalMax = TimeSpan.FromSeconds(2),
    };

    /// <summary>The test broker's URL with other hosts before it, or another password.</summary>
    public static string UrlWith(string? password = null, params string[] hostsBefore)
    {
        var url = TransportUrl.Parse(Url);
        var host = url.Hosts.Count > 0 ? url.Hosts[0] : new TransportHost("localhost");
        var credentials = $"{Uri.EscapeDataString(host.Username ?? "guest")}:{Uri.EscapeDataString(password ?? host.Password ?? "guest")}@";
        var hosts = hostsBefore.Append($"{host.Hostname}:{host.Port ?? 5672}").Select(h => credentials + h);
        return $"{url.Scheme}://{string.Join(",", hosts)}/{Uri.EscapeDataString(url.VirtualHost ?? "")}";
    }

    /// <summary>A plain RabbitMQ.Client connection to the test broker, to watch and poke the wire directly.</summary>
    public static Task<IConnection> ConnectRawAsync()
    {
        var url = TransportUrl.Parse(Url);
        var host = url.Hosts.Count > 0 ? url.Hosts[0] : new TransportHost("localhost");
        var factory = new ConnectionFactory
        {
            HostName = host.Hostname,
            Port = host.Port ?? 5672,
            UserName = host.Username ?? "guest",
            Password = host.Password ?? "guest",
            VirtualHost = url.EffectiveVirtualHost,
        };
        return factory.CreateConnectionAsync("oslo-tests-raw");
    }
}
