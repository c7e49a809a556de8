using System.Reflection;
using System.Text;
using RabbitMQ.Client;

namespace Oslo.Messaging.Benchmarks.Raw;

/// <summary>Connection factory and facts shared by the raw RabbitMQ.Client implementations.</summary>
internal static class RabbitConnections
{
    /// <summary>Quorum queues for the server queue (<c>bench/run.sh --cluster</c> sets <c>OSLO_BENCH_QUORUM=1</c>).</summary>
    public static bool Quorum => Environment.GetEnvironmentVariable("OSLO_BENCH_QUORUM") == "1";

    /// <summary>The first host of a <c>rabbit://</c> URL that may list several (<c>--cluster</c>): a raw client connects to one node.</summary>
    public static Uri FirstHost(string url)
    {
        var authorityEnd = url.IndexOf('/', url.IndexOf("://", StringComparison.Ordinal) + 3);
        var authority = url[..(authorityEnd < 0 ? url.Length : authorityEnd)];
        var comma = authority.IndexOf(',', StringComparison.Ordinal);
        return new Uri(comma < 0 ? url : authority[..comma] + (authorityEnd < 0 ? "/" : url[authorityEnd..]));
    }

    /// <summary>oslo's topic exchange and an RPC topic queue bound to it by the topic (docs/wire-protocol.md, "RabbitMQ
    /// topology"); with <c>--cluster</c> the queue is a quorum queue, and so durable, as oslo declares it with
    /// <c>rabbit_quorum_queue</c>.</summary>
    public static async Task DeclareTopicAsync(IChannel channel, string exchange, string topic, CancellationToken cancellationToken)
    {
        var quorum = Quorum;
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: quorum, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(topic, durable: quorum, exclusive: false, autoDelete: false,
            arguments: quorum ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueBindAsync(topic, exchange, topic, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes and disposes each connection that was opened, in the order given.</summary>
    public static async Task CloseAsync(params IConnection?[] connections)
    {
        foreach (var connection in connections)
        {
            if (connection is not null)
            {
                await connection.CloseAsync().ConfigureAwait(false);
                connection.Dispose();
            }
        }
    }

    /// <summary>A factory for a <c>rabbit://user:pass@host:port/</c> URL (first host only).</summary>
    public static ConnectionFactory Factory(string url, string name)
    {
        var uri = FirstHost(url);
        var user = uri.UserInfo.Split(':', 2);
        return new ConnectionFactory
        {
            HostName = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5672,
            UserName = Uri.UnescapeDataString(user[0]),
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : "",
            VirtualHost = uri.AbsolutePath.Length > 1 ? Uri.UnescapeDataString(uri.AbsolutePath[1..]) : "/",
            ClientProvidedName = name,
        };
    }

    public static Dictionary<string, string> Info(IConnection connection, string what)
    {
        var info = new Dictionary<string, string>
        {
            ["what"] = what,
            ["rabbitmq_client"] = typeof(IConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?",
        };
        if (connection.ServerProperties is { } props && props.TryGetValue("version", out var version) && version is byte[] bytes)
        {
            info["rabbitmq_version"] = Encoding.UTF8.GetString(bytes);
        }

        return info;
    }

    /// <summary>oslo's publish properties (docs/wire-protocol.md, "Publish properties"): JSON, UTF-8, persistent, priority 0, empty headers.</summary>
    public static BasicProperties OsloProperties(string? expiration) => new()
    {
        ContentType = "application/json",
        ContentEncoding = "utf-8",
        DeliveryMode = DeliveryModes.Persistent,
        Priority = 0,
        Headers = new Dictionary<string, object?>(),
        Expiration = expiration,
    };
}
