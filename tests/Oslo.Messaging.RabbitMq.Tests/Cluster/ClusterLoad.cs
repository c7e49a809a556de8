using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit.Abstractions;

namespace Oslo.Messaging.RabbitMq.Tests.Cluster;

/// <summary>One RPC server (topic T, server <c>host-1</c>) and one client on the cluster with quorum queues, 8 callers
/// and 8 senders: what every cluster test breaks nodes under, and the checks they share.</summary>
internal sealed class ClusterLoad : IAsyncDisposable
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private ClusterLoad(Transport serverTransport, Transport clientTransport, RpcServer server, RpcClient client, TallyEndpoint endpoint, string topic)
    {
        ServerTransport = serverTransport;
        ClientTransport = clientTransport;
        Server = server;
        Client = client;
        Endpoint = endpoint;
        Topic = topic;
    }

    public Transport ServerTransport { get; }

    public Transport ClientTransport { get; }

    public RpcServer Server { get; }

    public RpcClient Client { get; }

    public TallyEndpoint Endpoint { get; }

    public string Topic { get; }

    public CallLoad Calls { get; } = new(CallTimeout);

    public CastLoad Casts { get; } = new(CallTimeout);

    /// <summary>Server and client with <paramref name="options"/> (oslo's defaults unless a test says otherwise), the
    /// client's connections on the server's node, not yet loaded.</summary>
    public static async Task<ClusterLoad> StartAsync(ITestOutputHelper output, RabbitMqOptions options, string query = "rabbit_quorum_queue=true")
    {
        await ClusterBroker.EnsureAllUpAsync();
        Trace.Line(output, "[setup] all three nodes up");
        var topic = TestBroker.Unique("cluster");
        var serverTransport = await ClusterBroker.CreateTransportAsync(options, query, new TraceLoggerFactory(output, "server"));
        var clientTransport = await ClusterBroker.CreateTransportAsync(options, query, new TraceLoggerFactory(output, "client"));
        Trace.Line(output, "[setup] transports created");
        var endpoint = new TallyEndpoint();
        var server = new RpcServer(serverTransport, new Target(topic, "host-1"), [endpoint]);
        using (var startDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await server.StartAsync(startDeadline.Token);
        }

        Trace.Line(output, $"[setup] server {topic}.host-1 consuming");
        var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = CallTimeout });
        var load = new ClusterLoad(serverTransport, clientTransport, server, client, endpoint, topic);
        await ClusterBroker.GatherOnServerNodeAsync(serverTransport, clientTransport,
            () => client.CallAsync<int>(new RequestContext(), "add", new { a = 1, b = 2 }));
        Trace.Line(output, $"[setup] client gathered on the server's node: {load.Placement}");
        return load;
    }

    public (int Server, int Send, int Reply) Placement => ClusterBroker.Placement(ServerTransport, ClientTransport);

    public string ReplyQueue => ((RabbitMqTransportDriver)ClientTransport.Driver).Reply!.Consumers[0].Spec.Name;

    public string FanoutQueue => ((RabbitMqTransportDriver)ServerTransport.Driver).Listeners.Single().FanoutQueue!;

    /// <summary>Starts 8 callers and 8 senders and waits until calls flow.</summary>
    public async Task LoadAsync()
    {
        _running = Task.WhenAll(Calls.RunAsync(Client, workers: 8, _stop.Token), Casts.RunAsync(Client, senders: 8, _stop.Token));
        await Calls.WaitForSuccessesAsync(100, TimeSpan.FromSeconds(60));
    }

    /// <summary>Stops the callers and senders; every call and cast ends by its deadline (they are bounded by it).</summary>
    public async Task StopLoadAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(CallTimeout + TimeSpan.FromSeconds(15));
    }

    /// <summary>Waits until the consumers are back, asking a node other than <paramref name="deadNode"/>: the fanout and
    /// reply queues (classic, re-declared on a surviving node) have exactly one consumer, the quorum queues at least one
    /// (a quorum queue may still list the dead node's consumer until that node is back), and the server answers a call
    /// directed to it (its <c>T.S</c> queue) and gets a fanout cast. Returns how long that took from <paramref name="since"/>.</summary>
    public async Task<TimeSpan> WaitForConsumersAsync(int deadNode, TimeSpan since, TimeSpan timeout)
    {
        var node = deadNode == 1 ? 2 : 1;
        await using var connection = await ClusterBroker.ConnectRawAsync(node);
        using var deadline = new CancellationTokenSource(timeout);
        var direct = Client.Prepare(server: "host-1", timeout: TimeSpan.FromSeconds(2));
        string problem;
        while (true)
        {
            var counts = await Task.WhenAll(new[] { FanoutQueue, ReplyQueue, Topic, Topic + ".host-1" }.Select(q => ConsumersAsync(connection, q)));
            problem = counts[0] != 1 || counts[1] != 1 || counts[2] is null or 0 || counts[3] is null or 0
                ? $"consumers: fanout {counts[0]}, reply {counts[1]}, topic {counts[2]}, server {counts[3]}"
                : await ServesAsync(direct);
            if (problem.Length == 0)
            {
                return Calls.Now - since;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Consumers not back within {timeout}: {problem}");
            }

            await Task.Delay(200);
        }
    }

    private async Task<string> ServesAsync(RpcClient direct)
    {
        try
        {
            await direct.CallAsync<int>(new RequestContext(), "add", new { a = 2, b = 2 });
        }
        catch (Exception ex) when (ex is Exceptions.MessagingException)
        {
            return $"a call to host-1 failed: {ex.GetType().Name}";
        }

        return await FanoutReachesServerAsync(TimeSpan.FromSeconds(2)) ? "" : "a fanout cast did not arrive within 2 s";
    }

    /// <summary>Completes with the load clock's time when the server's listen connection closes (the moment a kill hits).</summary>
    public Task<TimeSpan> ServerConnectionLost()
    {
        var lost = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var connection = ((RabbitMqTransportDriver)ServerTransport.Driver).Listeners.Single().Group.Connection
                         ?? throw new InvalidOperationException("The server is not connected");
        connection.ConnectionShutdownAsync += (_, _) =>
        {
            lost.TrySetResult(Calls.Now);
            return Task.CompletedTask;
        };
        if (!connection.IsOpen)
        {
            lost.TrySetResult(Calls.Now);
        }

        return lost.Task;
    }

    /// <summary>A fanout cast reaches the server (its fanout consumer works).</summary>
    public async Task<bool> FanoutReachesServerAsync(TimeSpan timeout)
    {
        var id = Guid.NewGuid().ToString("N");
        await Client.Prepare(fanout: true).CastAsync(new RequestContext(), "fanout", new { id });
        using var deadline = new CancellationTokenSource(timeout);
        while (!Endpoint.HasFanout(id))
        {
            if (deadline.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>Waits until every confirmed cast was processed (or the timeout); returns (lost, duplicates).</summary>
    public async Task<(int Lost, int Duplicates, int UnconfirmedProcessed)> SettleCastsAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var sent = Casts.Sent.ToHashSet(StringComparer.Ordinal);
        while (sent.Any(id => Endpoint.TimesProcessed(id) == 0) && !deadline.IsCancellationRequested)
        {
            await Task.Delay(250);
        }

        var lost = sent.Count(id => Endpoint.TimesProcessed(id) == 0);
        var duplicates = Endpoint.Casts.Values.Sum(n => n - 1);
        var unconfirmed = Endpoint.Casts.Keys.Count(id => !sent.Contains(id));
        return (lost, duplicates, unconfirmed);
    }

    public void Report(ITestOutputHelper output, string label)
    {
        Trace.Line(output, $"[{label}] calls: {Calls}");
        Trace.Line(output, $"[{label}] casts: {Casts}");
        foreach (var error in Calls.Others.Concat(Casts.Others).Take(5))
        {
            Trace.Line(output, $"[{label}] unexpected: {error.GetType().Name}: {error.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(CallTimeout + TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            // Reported by the test's own assertions.
        }

        await Server.DisposeAsync();
        await ServerTransport.DisposeAsync();
        await ClientTransport.DisposeAsync();
        _stop.Dispose();
    }

    private static async Task<uint?> ConsumersAsync(IConnection connection, string queue)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync();
            return (await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount;
        }
        catch (OperationInterruptedException)
        {
            return null;
        }
    }
}
