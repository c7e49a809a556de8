using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Memory;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Memory;

/// <summary>The in-memory transport's own rules: oslo's queue topology, backlog, expiry and queue clean-up.</summary>
public sealed class MemoryTransportTests
{
    private static readonly TimeSpan _bound = TimeSpan.FromSeconds(10);

    private static Task<Transport> CreateAsync(MemoryBroker broker, TimeProvider? time = null) =>
        Transport.CreateAsync("memory://", new TransportOptions { TimeProvider = time ?? TimeProvider.System }.UseMemoryBroker(broker));

    [Fact]
    public async Task Server_Start_DeclaresOsloQueuesAndDeletesFanoutQueueOnWait()
    {
        var broker = new MemoryBroker();
        await using var transport = await CreateAsync(broker);
        var server = new RpcServer(transport, new Target("compute", "host1"), [new ConformanceEndpoint("host1")]);

        await server.StartAsync();
        var whileRunning = broker.QueueNames;
        await server.DisposeAsync();

        Assert.Contains("compute", whileRunning);
        Assert.Contains("compute.host1", whileRunning);
        Assert.Matches("^compute_fanout_[0-9a-f]{32}$", Assert.Single(whileRunning, q => q.StartsWith("compute_fanout_", StringComparison.Ordinal)));
        Assert.DoesNotContain(broker.QueueNames, q => q.StartsWith("compute_fanout_", StringComparison.Ordinal));
        Assert.Contains("compute", broker.QueueNames); // topic queues outlive the server, as in RabbitMQ
    }

    [Fact]
    public async Task Transport_FirstCall_CreatesOneReplyQueueDeletedOnDispose()
    {
        var broker = new MemoryBroker();
        var transport = await CreateAsync(broker);
        await using (var server = new RpcServer(transport, new Target("t", "s"), [new ConformanceEndpoint("s")]))
        {
            await server.StartAsync();
            var client = new RpcClient(transport, new Target("t"));
            await client.CallAsync(new RequestContext(), "whoami");
            await client.CallAsync(new RequestContext(), "whoami");
        }

        var replyQueue = Assert.Single(broker.QueueNames, q => q.StartsWith("reply_", StringComparison.Ordinal));
        Assert.Matches("^reply_[0-9a-f]{32}$", replyQueue);
        await transport.DisposeAsync();
        Assert.DoesNotContain(replyQueue, broker.QueueNames);
    }

    [Fact]
    public async Task Cast_BeforeServerStarts_WaitsInBacklogAndIsDelivered()
    {
        var broker = new MemoryBroker();
        await using var transport = await CreateAsync(broker);
        var endpoint = new ConformanceEndpoint("s");
        await using var first = new RpcServer(transport, new Target("t", "s"), [endpoint]);
        await first.StartAsync();
        await first.StopAsync();
        await first.WaitAsync();

        await new RpcClient(transport, new Target("t")).CastAsync(new RequestContext(), "note", new { kind = "queued" });
        Assert.Equal(1, broker.BacklogOf("t"));
        await using var second = new RpcServer(transport, new Target("t", "s"), [endpoint]);
        await second.StartAsync();

        Assert.Equal("queued", await endpoint.NextNoteAsync(_bound));
        Assert.Equal(0, broker.BacklogOf("t"));
    }

    [Fact]
    public async Task Call_ExpiredBeforeConsumed_IsDiscarded()
    {
        var time = new ManualTimeProvider();
        var broker = new MemoryBroker(time);
        await using var transport = await CreateAsync(broker, time);
        var endpoint = new ConformanceEndpoint("s");
        await using (var declare = new RpcServer(transport, new Target("t", "s"), [endpoint]))
        {
            await declare.StartAsync(); // declares the queues, then goes away
        }

        var client = new RpcClient(transport, new Target("t"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(5) });
        var stale = client.CallAsync(new RequestContext(), "whoami");
        time.Advance(TimeSpan.FromSeconds(6));
        await Assert.ThrowsAsync<MessagingTimeoutException>(() => stale.WaitAsync(_bound));
        await using var server = new RpcServer(transport, new Target("t", "s"), [endpoint]);
        await server.StartAsync();

        Assert.Equal("s", await client.CallAsync<string>(new RequestContext(), "whoami").WaitAsync(_bound));
        Assert.Equal(1, endpoint.Calls);
    }

    [Fact]
    public async Task Reply_ToMissingQueue_IsUndeliverable()
    {
        await using var transport = await CreateAsync(new MemoryBroker());

        await Assert.ThrowsAsync<MessageUndeliverableException>(() =>
            transport.Driver.SendAsync(Destination.ToReply("reply_gone"), new byte[] { 1 }, new SendOptions(Mandatory: true), CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task StartReplyConsumer_Twice_Throws()
    {
        await using var transport = await CreateAsync(new MemoryBroker());
        await transport.Driver.StartReplyConsumerAsync(new RawMessageCollector(), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => transport.Driver.StartReplyConsumerAsync(new RawMessageCollector(), CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Fanout_SharedAcrossControlExchanges()
    {
        // oslo's fanout exchange is "<topic>_fanout" with no exchange prefix (docs/wire-protocol.md, "RabbitMQ topology").
        var broker = new MemoryBroker();
        await using var nova = await Transport.CreateAsync("memory://", new TransportOptions { ControlExchange = "nova" }.UseMemoryBroker(broker));
        await using var neutron = await Transport.CreateAsync("memory://", new TransportOptions { ControlExchange = "neutron" }.UseMemoryBroker(broker));
        var endpoint = new ConformanceEndpoint("s");
        await using var server = new RpcServer(nova, new Target("t", "s"), [endpoint]);
        await server.StartAsync();

        await new RpcClient(neutron, new Target("t", fanout: true)).CastAsync(new RequestContext(), "note", new { kind = "across" });
        var direct = new RpcClient(neutron, new Target("t"), new RpcClientOptions { AtLeastOnce = true });

        Assert.Equal("across", await endpoint.NextNoteAsync(_bound));
        await Assert.ThrowsAsync<MessageUndeliverableException>(() => direct.CastAsync(new RequestContext(), "note", new { kind = "x" }));
    }
}
