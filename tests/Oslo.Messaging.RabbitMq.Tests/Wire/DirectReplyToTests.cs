using System.Text;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Wire;

/// <summary>Direct reply-to between .NET peers (docs/rabbitmq.md, "Direct reply-to"): what a Python peer sees of a
/// call (the same message apart from <c>reply_to</c>), where a .NET server answers, and what a caller gets when its
/// direct reply cannot arrive.</summary>
[Trait("Category", "Integration")]
public sealed class DirectReplyToTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CallAsync_OnAndOff_SameMessageApartFromReplyTo()
    {
        var exchange = TestBroker.Unique("x");
        var topic = TestBroker.Unique("drt");
        await using var capture = await RawCapture.StartAsync(exchange, topic);
        var options = new TransportOptions { ControlExchange = exchange };
        await using var on = await TestBroker.CreateTransportAsync(options: options);
        await using var off = await TestBroker.CreateTransportAsync(rabbit: new RabbitMqOptions { DirectReplyTo = false }, options: options);
        var context = new RequestContext().Set("user", "alice");
        var clientOptions = new RpcClientOptions { Timeout = TimeSpan.FromSeconds(5) };

        var callOn = new RpcClient(on, new Target(topic), clientOptions).CallAsync<int>(context, "add", new { a = 1, b = 2 });
        var withDirect = await capture.NextAsync(_signal);
        var callOff = new RpcClient(off, new Target(topic), clientOptions).CallAsync<int>(context, "add", new { a = 1, b = 2 });
        var without = await capture.NextAsync(_signal);

        PublishedMessageTests.AssertOsloProperties(withDirect, directReplyTo: true);
        PublishedMessageTests.AssertOsloProperties(without);
        Assert.Equal((without.Exchange, without.RoutingKey, without.Expiration), (withDirect.Exchange, withDirect.RoutingKey, withDirect.Expiration));
        Assert.Equal(without.EnvelopeKeys(), withDirect.EnvelopeKeys());
        Assert.Equal(without.MessageKeys(), withDirect.MessageKeys());

        // A Python server answers the body's _reply_q: both calls complete through their reply queues.
        await ReplyAsync(capture, withDirect, 3, toDirect: false);
        await ReplyAsync(capture, without, 3, toDirect: false);
        Assert.Equal(3, await callOn.WaitAsync(_signal));
        Assert.Equal(3, await callOff.WaitAsync(_signal));
    }

    [Fact]
    public async Task CallAsync_ReplyOnTheDirectAddress_CompletesTheCall()
    {
        var exchange = TestBroker.Unique("x");
        var topic = TestBroker.Unique("drt");
        await using var capture = await RawCapture.StartAsync(exchange, topic);
        await using var transport = await TestBroker.CreateTransportAsync(options: new TransportOptions { ControlExchange = exchange });
        var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(5) });

        var call = client.CallAsync<int>(new RequestContext(), "add", new { a = 20, b = 22 });
        await ReplyAsync(capture, await capture.NextAsync(_signal), 42, toDirect: true);

        Assert.Equal(42, await call.WaitAsync(_signal));
    }

    [Fact]
    public async Task CastAsync_AfterACall_HasNoReplyTo()
    {
        var exchange = TestBroker.Unique("x");
        var topic = TestBroker.Unique("drt");
        await using var capture = await RawCapture.StartAsync(exchange, topic);
        await using var transport = await TestBroker.CreateTransportAsync(options: new TransportOptions { ControlExchange = exchange });
        var client = new RpcClient(transport, new Target(topic), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(5) });
        var call = client.CallAsync<int>(new RequestContext(), "add", new { a = 1, b = 1 });
        await ReplyAsync(capture, await capture.NextAsync(_signal), 2, toDirect: true);
        await call.WaitAsync(_signal);

        await client.CastAsync(new RequestContext(), "note", new { kind = "cast" });
        var cast = await capture.NextAsync(_signal);

        PublishedMessageTests.AssertOsloProperties(cast);
        Assert.Equal(["method", "args", "_unique_id"], cast.MessageKeys());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Server_RequestWithDirectReplyTo_AnswersThereOnlyWhenEnabled(bool enabled)
    {
        var topic = TestBroker.Unique("drs");
        await using var transport = await TestBroker.CreateTransportAsync(rabbit: new RabbitMqOptions { DirectReplyTo = enabled });
        await using var server = new RpcServer(transport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        await using var caller = await RawCapture.StartAsync();
        await caller.ConsumeDirectRepliesAsync();
        var first = Guid.NewGuid().ToString("N");
        var second = Guid.NewGuid().ToString("N");

        await caller.PublishAsync("openstack", topic, Request(first, caller.Queue), replyTo: DirectReplyTo.PseudoQueue);
        var reply = await caller.NextAsync(_signal);
        // A request without reply_to afterwards: its reply on the reply queue shows what came before it there.
        await caller.PublishAsync("openstack", topic, Request(second, caller.Queue));
        var next = await caller.NextAsync(_signal);

        if (enabled)
        {
            Assert.StartsWith(DirectReplyTo.AddressPrefix, reply.RoutingKey, StringComparison.Ordinal);
            Assert.Equal(first, reply.Message().GetProperty("_msg_id").GetString());
            PublishedMessageTests.AssertOsloProperties(reply);
            Assert.Equal((caller.Queue, second), (next.RoutingKey, next.Message().GetProperty("_msg_id").GetString()));
        }
        else
        {
            Assert.Equal((caller.Queue, first), (reply.RoutingKey, reply.Message().GetProperty("_msg_id").GetString()));
            Assert.Equal((caller.Queue, second), (next.RoutingKey, next.Message().GetProperty("_msg_id").GetString()));
        }
    }

    [Fact]
    public async Task DotnetToDotnet_RepliesComeDirect()
    {
        var topic = TestBroker.Unique("drd");
        await using var serverTransport = await TestBroker.CreateTransportAsync();
        await using var clientTransport = await TestBroker.CreateTransportAsync();
        await using var server = new RpcServer(serverTransport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(10) });

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.CallAsync<string>(new RequestContext(), "echo", new { value = $"v{i}" })));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"v{i}"), results);
        var driver = Assert.IsType<RabbitMqTransportDriver>(clientTransport.Driver);
        Assert.Equal(50, driver.Publisher.Channel!.DirectRepliesReceived);
    }

    /// <summary>A .NET server's replies to direct addresses go out on a channel without publisher confirms (the broker
    /// confirms them at once, saying nothing): its confirm channel is never even opened when it only replies.</summary>
    [Fact]
    public async Task DotnetToDotnet_RepliesGoOutWithoutPublisherConfirms()
    {
        var topic = TestBroker.Unique("drn");
        await using var serverTransport = await TestBroker.CreateTransportAsync();
        await using var clientTransport = await TestBroker.CreateTransportAsync();
        await using var server = new RpcServer(serverTransport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(10) });

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.CallAsync<string>(new RequestContext(), "echo", new { value = $"v{i}" })));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"v{i}"), results);
        var publisher = Assert.IsType<RabbitMqTransportDriver>(serverTransport.Driver).Publisher;
        Assert.Null(publisher.Channel);
        Assert.Equal(20, publisher.DirectReplyChannel?.Published);
    }

    /// <summary>The caller's send channel closes while the server works on its call: the reply cannot be routed to
    /// the channel that asked for it, and the call fails with a timeout at its deadline, as with a lost reply queue.</summary>
    [Fact]
    public async Task CallAsync_SendChannelClosedBeforeTheReply_TimesOutAtItsDeadlineThenCallsWorkAgain()
    {
        var topic = TestBroker.Unique("drl");
        var logs = new CapturingLoggerFactory();
        await using var serverTransport = await TestBroker.CreateTransportAsync();
        await using var clientTransport = await TestBroker.CreateTransportAsync(options: new TransportOptions { LoggerFactory = logs });
        var gate = new GatedEndpoint();
        await using var server = new RpcServer(serverTransport, new Target(topic, "s1"), [gate]);
        await server.StartAsync();
        var timeout = TimeSpan.FromSeconds(3);
        var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = timeout });
        Assert.Equal("warm", await client.CallAsync<string>(new RequestContext(), "echo", new { value = "warm" }).WaitAsync(_signal));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var call = client.CallAsync<string>(new RequestContext(), "wait", new { value = "lost" });
        await gate.Entered.Task.WaitAsync(_signal);
        var driver = Assert.IsType<RabbitMqTransportDriver>(clientTransport.Driver);
        await driver.Publisher.Channel!.DisposeAsync(); // The channel the reply would come back on.
        gate.Release.TrySetResult();

        // Bounded wait: a hang fails the test instead of stalling it.
        var error = await Assert.ThrowsAsync<MessagingTimeoutException>(() => call.WaitAsync(timeout + _signal));
        Assert.True(started.Elapsed >= timeout - TimeSpan.FromMilliseconds(100), $"failed after {started.Elapsed}, before its deadline: {error.Message}");
        Assert.Equal("again", await client.CallAsync<string>(new RequestContext(), "echo", new { value = "again" }).WaitAsync(_signal));
    }

    /// <summary>Publishes an oslo reply to <paramref name="request"/>: on its direct reply-to address, or on its <c>_reply_q</c>.</summary>
    private static async Task ReplyAsync(RawCapture capture, CapturedMessage request, int result, bool toDirect)
    {
        var msgId = request.Message().GetProperty("_msg_id").GetString();
        var address = toDirect ? request.ReplyTo! : request.Message().GetProperty("_reply_q").GetString()!;
        var reply = $"{{\"result\": {result}, \"failure\": null, \"ending\": true, \"_msg_id\": \"{msgId}\", \"_unique_id\": \"{Guid.NewGuid():N}\"}}";
        await capture.PublishAsync("", address, Envelope(reply));
    }

    private static byte[] Request(string msgId, string replyQueue) => Envelope(
        $"{{\"method\": \"echo\", \"args\": {{\"value\": \"x\"}}, \"version\": \"1.1\", \"_msg_id\": \"{msgId}\", \"_reply_q\": \"{replyQueue}\", \"_timeout\": null, \"_unique_id\": \"{Guid.NewGuid():N}\"}}");

    private static byte[] Envelope(string message) =>
        Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["oslo.version"] = "2.0", ["oslo.message"] = message }));

    /// <summary>An endpoint whose <c>wait</c> holds its reply until the test releases it.</summary>
    [RpcEndpoint(Version = "1.1")]
    public sealed class GatedEndpoint
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Echo(RequestContext context, string value) => value;

        public async Task<string> Wait(RequestContext context, string value)
        {
            Entered.TrySetResult();
            await Release.Task;
            return value;
        }
    }
}
