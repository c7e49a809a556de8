using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Tests.Cluster;

/// <summary>The test cluster: <c>OSLO_TEST_CLUSTER_URL</c> (three hosts, node 1 first) and <c>OSLO_TEST_CLUSTER_CTL</c>
/// (scripts/rabbitmq-cluster.sh), set by scripts/test.sh.</summary>
internal static class ClusterBroker
{
    private const string UrlVariable = "OSLO_TEST_CLUSTER_URL";
    private const string CtlVariable = "OSLO_TEST_CLUSTER_CTL";

    /// <summary>Whether the long variants run (<c>OSLO_TEST_FULL=1</c>).</summary>
    public static bool Full => Environment.GetEnvironmentVariable("OSLO_TEST_FULL") == "1";

    /// <exception cref="InvalidOperationException">Not set: these tests need the cluster and do not skip silently.</exception>
    public static string Url => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url
        ? url
        : throw new InvalidOperationException(
            $"{UrlVariable} is not set. The cluster tests need the three-node cluster: run `bash scripts/test.sh` (starts it and " +
            $"sets {UrlVariable} and {CtlVariable}), or `bash scripts/rabbitmq-cluster.sh start` and set both yourself.");

    public static string Ctl => Environment.GetEnvironmentVariable(CtlVariable) is { Length: > 0 } ctl
        ? ctl
        : throw new InvalidOperationException($"{CtlVariable} is not set (the path of scripts/rabbitmq-cluster.sh): run `bash scripts/test.sh`.");

    /// <summary>The AMQP ports of nodes 1, 2 and 3, in URL order.</summary>
    public static IReadOnlyList<int> Ports => [.. TransportUrl.Parse(Url).Hosts.Select(h => h.Port ?? 5672)];

    /// <summary>The node (1-3) an open connection is on.</summary>
    public static int NodeOf(IConnection connection)
    {
        var index = Ports.ToList().IndexOf(connection.Endpoint.Port);
        return index >= 0 ? index + 1 : throw new InvalidOperationException($"{connection.Endpoint} is not a node of {Url}");
    }

    /// <summary>A transport on the whole cluster with quorum queues; <paramref name="query"/> is added to the URL's.</summary>
    public static Task<Transport> CreateTransportAsync(RabbitMqOptions options, string query = "rabbit_quorum_queue=true",
        Microsoft.Extensions.Logging.ILoggerFactory? logging = null)
    {
        var transportOptions = new TransportOptions().UseRabbitMq(options);
        if (logging is not null)
        {
            transportOptions.LoggerFactory = logging;
        }

        return Transport.CreateAsync(Url + (query.Length > 0 ? "?" + query : ""), transportOptions);
    }

    /// <summary>Runs <c>rabbitmq-cluster.sh ARGS</c>; throws with its output when it fails.</summary>
    public static Task RunAsync(string arguments, TimeSpan timeout) => BrokerControl.RunScriptAsync(Ctl, arguments, timeout);

    /// <summary>Brings back every node that is not running (a previous test may have failed half-way).</summary>
    public static async Task EnsureAllUpAsync()
    {
        for (var node = 1; node <= 3; node++)
        {
            try
            {
                await RunAsync($"resume {node}", TimeSpan.FromSeconds(10));
            }
            catch (InvalidOperationException)
            {
                // Not running: restarted below.
            }
        }

        try
        {
            await RunAsync("status", TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            await RunAsync("start", TimeSpan.FromSeconds(240));
        }
    }

    /// <summary>A plain RabbitMQ.Client connection to node <paramref name="node"/>, to inspect queues.</summary>
    public static Task<IConnection> ConnectRawAsync(int node) =>
        new ConnectionFactory { HostName = "127.0.0.1", Port = Ports[node - 1], UserName = "guest", Password = "guest" }
            .CreateConnectionAsync("oslo-cluster-tests-probe");

    /// <summary>The nodes the driver's connections are on: RPC server listener, client send, client reply (0 = none).</summary>
    public static (int Server, int Send, int Reply) Placement(Transport server, Transport client)
    {
        var listen = ((RabbitMqTransportDriver)server.Driver).Listeners.Single().Group.Connection;
        var send = ((RabbitMqTransportDriver)client.Driver).Publisher.Channel?.Connection;
        var reply = ((RabbitMqTransportDriver)client.Driver).Reply?.Connection;
        return (listen is { IsOpen: true } ? NodeOf(listen) : 0,
            send is { IsOpen: true } ? NodeOf(send) : 0,
            reply is { IsOpen: true } ? NodeOf(reply) : 0);
    }

    /// <summary>Moves the client's send and reply connections to the server's node, by closing them from this side: a
    /// lost connection goes on at the next host of the URL (<see cref="HostRotation.Lost"/>), so at most two closes
    /// each. Returns the node they now share.</summary>
    public static async Task<int> GatherOnServerNodeAsync(Transport server, Transport client, Func<Task> poke)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await poke();
            var (listen, send, reply) = Placement(server, client);
            if (listen != 0 && send == listen && reply == listen)
            {
                return listen;
            }

            var driver = (RabbitMqTransportDriver)client.Driver;
            if (send != listen && driver.Publisher.Channel?.Connection is { IsOpen: true } sendConnection)
            {
                await sendConnection.CloseAsync();
            }

            if (reply != listen && driver.Reply?.Connection is { } replyConnection)
            {
                await replyConnection.CloseAsync();
            }

            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }

        throw new InvalidOperationException($"Could not place the client's connections on the server's node: {Placement(server, client)}");
    }
}
