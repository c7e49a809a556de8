using System.IO.Compression;
using System.Text;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Tests.Wire;

/// <summary>
/// The newest oslo's options that change messages or declare-error handling, on a real broker (docs/wire-protocol.md,
/// "Newer oslo options"): <c>kombu_compression</c> both directions, the durable 406 fallback, <c>heartbeat_rate</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NewestOsloBehaviourTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task KombuCompression_Gzip_BodyIsAZlibStreamNamedInTheCompressionHeader()
    {
        var exchange = TestBroker.Unique("xz");
        var topic = TestBroker.Unique("gz");
        await using var capture = await RawCapture.StartAsync(exchange, topic);
        await using var transport = await TestBroker.CreateTransportAsync("kombu_compression=gzip", options: new TransportOptions { ControlExchange = exchange });
        var payload = new string('x', 4000);

        await new RpcClient(transport, new Target(topic)).CastAsync(new RequestContext(), "echo", new { payload });
        var message = await capture.NextAsync(_signal);

        Assert.Equal("application/x-gzip", Encoding.UTF8.GetString((byte[])message.Headers!["compression"]!));
        Assert.Equal(("application/json", "utf-8"), (message.ContentType, message.ContentEncoding)); // as kombu: unchanged
        Assert.Equal(0x78, message.Body[0]); // zlib header (RFC 1950), not gzip framing (0x1f 0x8b)
        Assert.True(message.Body.Length < 1000, $"{message.Body.Length} bytes");
        using var zlib = new ZLibStream(new MemoryStream(message.Body), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await zlib.CopyToAsync(plain);
        Assert.Contains(payload, Encoding.UTF8.GetString(plain.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KombuCompression_CompressedRequestAndReply_RoundTripWhateverTheServersOwnSetting()
    {
        var topic = TestBroker.Unique("gzcall");
        await using var serverTransport = await TestBroker.CreateTransportAsync(); // no compression of its own: decompresses anyway
        await using var clientTransport = await TestBroker.CreateTransportAsync("kombu_compression=zlib");
        await using var server = new RpcServer(serverTransport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = _signal });

        Assert.Equal(5, await client.CallAsync<int>(new RequestContext(), "add", new { a = 2, b = 3 }));
    }

    [Fact]
    public async Task KombuCompression_UndecodableOrBomb_RejectedAndTheServerGoesOn()
    {
        var topic = TestBroker.Unique("gzbad");
        await using var transport = await TestBroker.CreateTransportAsync(rabbit: new RabbitMqOptions { MaxMessageSize = 64 * 1024 });
        var handler = new CollectingHandler();
        await using var listener = await transport.Driver.ListenAsync(new Target(topic, "s1"), handler, CancellationToken.None);
        await using var connection = await TestBroker.ConnectRawAsync();
        await using var channel = await connection.CreateChannelAsync();

        await Publish(channel, topic, "application/x-gzip", "not zlib"u8.ToArray());
        await Publish(channel, topic, "application/x-bz2", "BZh9"u8.ToArray());
        await Publish(channel, topic, "application/x-gzip", Zlib(new byte[1024 * 1024])); // 1 MiB of zeros: ~1 KiB compressed
        await Publish(channel, topic, "application/x-gzip", Zlib("{\"fine\": 1}"u8.ToArray()));

        var next = await handler.NextAsync(_signal);
        Assert.Equal("{\"fine\": 1}", Encoding.UTF8.GetString(next.Body));
        await using var probe = await BrokerProbe.ConnectAsync();
        Assert.Equal(0u, await probe.ReadyAsync(topic)); // rejected without requeue: nothing loops
    }

    [Fact]
    public async Task DurableMismatch_CasterWithDurableQueues_FallsBackToTheNonDurableExchangeAndDelivers()
    {
        var exchange = TestBroker.Unique("xnd");
        var topic = TestBroker.Unique("fb");
        await using var capture = await RawCapture.StartAsync(exchange, topic); // declares the exchange non-durable, as a 14.x default peer
        await using var transport = await TestBroker.CreateTransportAsync("amqp_durable_queues=true", options: new TransportOptions { ControlExchange = exchange });

        await transport.Driver.SendAsync(Destination.ToTopic(null, topic), "{}"u8.ToArray(), new SendOptions(), CancellationToken.None);
        await transport.Driver.SendAsync(Destination.ToTopic(null, topic), "{}"u8.ToArray(), new SendOptions(), CancellationToken.None);

        await capture.NextAsync(_signal);
        await capture.NextAsync(_signal);
    }

    [Fact]
    public async Task DurableMismatch_ServerWithDurableQueues_FallsBackToNonDurableTopicQueues()
    {
        var exchange = TestBroker.Unique("xnds");
        var topic = TestBroker.Unique("fbs");
        await using var probe = await BrokerProbe.ConnectAsync();
        Assert.Null(await probe.DeclareExchangeAsync(exchange, "topic", durable: false, autoDelete: false));
        await using var transport = await TestBroker.CreateTransportAsync("amqp_durable_queues=true", options: new TransportOptions { ControlExchange = exchange });
        var handler = new CollectingHandler();

        await using var listener = await transport.Driver.ListenAsync(new Target(topic, "s1"), handler, CancellationToken.None);

        Assert.Null(await probe.DeclareQueueAsync(topic, durable: false, autoDelete: false, arguments: null));
        Assert.Null(await probe.DeclareQueueAsync(topic + ".s1", durable: false, autoDelete: false, arguments: null));
        await probe.PublishAsync(exchange, topic, "1"u8.ToArray());
        Assert.Equal(topic, (await handler.NextAsync(_signal)).Source);
        await probe.DeleteExchangeAsync(exchange);
    }

    [Fact]
    public async Task OtherPreconditionFailed_StillFailsTheStartWithTheReason()
    {
        var topic = TestBroker.Unique("fbx");
        await using var probe = await BrokerProbe.ConnectAsync();
        // The fanout exchange exists durable (peers with rabbit_transient_quorum_queue): a default server must not fall back.
        Assert.Null(await probe.DeclareExchangeAsync(topic + "_fanout", "fanout", durable: true, autoDelete: true));
        await using var transport = await TestBroker.CreateTransportAsync();

        var error = await Assert.ThrowsAsync<MessageDeliveryFailureException>(() =>
            transport.Driver.ListenAsync(new Target(topic, "s1"), new CollectingHandler(), CancellationToken.None).AsTask());

        await probe.DeleteExchangeAsync(topic + "_fanout");
        Assert.Contains("PRECONDITION_FAILED", error.Message, StringComparison.Ordinal);
        Assert.Contains("durable", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("heartbeat_rate=2")]
    public async Task HeartbeatRate_AnyValue_NegotiatedHeartbeatIsTheThreshold(string query)
    {
        await using var transport = await TestBroker.CreateTransportAsync(query);
        Assert.Equal(query.Length == 0 ? 3 : 2, ((RabbitMqTransportDriver)transport.Driver).Settings.HeartbeatRate);

        await transport.Driver.StartReplyConsumerAsync(new CollectingHandler(), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(60), ((RabbitMqTransportDriver)transport.Driver).Reply!.Connection!.Heartbeat);
    }

    private static byte[] Zlib(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(plain);
        }

        return output.ToArray();
    }

    private static async Task Publish(IChannel channel, string topic, string compression, byte[] body)
    {
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            Headers = new Dictionary<string, object?> { ["compression"] = compression },
        };
        await channel.BasicPublishAsync("openstack", topic, mandatory: false, properties, body);
    }
}
