using System.Collections.Concurrent;
using System.Text;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Wire;

/// <summary>A call offering direct reply-to does not wait for its request's publisher confirm (docs/rabbitmq.md,
/// "Direct reply-to"), so the send has ended when the channel is lost with the confirm still to come: the request is
/// sent again within the retry budget, or the call fails with the send's error, never waits for a reply to a request
/// the broker may not have (DirectReplyToConfirmTests: the nack and the return). The client talks to the broker
/// through a <see cref="HoldingProxy"/>, which keeps the request from the broker (so no confirm can come) and then
/// drops the connection it was written on.</summary>
[Trait("Category", "Integration")]
public sealed class DirectReplyToLostChannelTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task CallAsync_ChannelLostAfterTheWriteBeforeTheConfirm_IsSentAgainAndAnswered()
    {
        var topic = TestBroker.Unique("clost");
        var endpoint = new CountingEndpoint();
        var logs = new CapturingLoggerFactory();
        await using var proxy = new HoldingProxy();
        await using var serverTransport = await TestBroker.CreateTransportAsync();
        await using var clientTransport = await CreateClientTransportAsync(proxy, logs);
        await using var server = new RpcServer(serverTransport, new Target(topic, "s1"), [endpoint]);
        await server.StartAsync();
        var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(60), Retry = 1 });
        Assert.Equal("warm", await client.CallAsync<string>(new RequestContext(), "echo", new { value = "warm" }).WaitAsync(_signal));

        var value = TestBroker.Unique("lost");
        var call = await CallWithRequestLostAsync(proxy, client, value);

        Assert.Equal(value, await call.WaitAsync(_signal));
        // The request the proxy dropped never reached the server: the one it answered was sent again.
        Assert.Equal(1, endpoint.Calls(value));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 121 && e.Message.Contains(topic, StringComparison.Ordinal)); // SendRetry
    }

    [Fact]
    public async Task CallAsync_ChannelLostAfterTheWriteAndNoRetryLeft_FailsWithTheSendErrorBeforeItsDeadline()
    {
        var topic = TestBroker.Unique("clost");
        var endpoint = new CountingEndpoint();
        await using var proxy = new HoldingProxy();
        await using var serverTransport = await TestBroker.CreateTransportAsync();
        await using var clientTransport = await CreateClientTransportAsync(proxy, new CapturingLoggerFactory());
        await using var server = new RpcServer(serverTransport, new Target(topic, "s1"), [endpoint]);
        await server.StartAsync();
        var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(60), Retry = 0 });
        Assert.Equal("warm", await client.CallAsync<string>(new RequestContext(), "echo", new { value = "warm" }).WaitAsync(_signal));

        var value = TestBroker.Unique("lost");
        var call = await CallWithRequestLostAsync(proxy, client, value);

        // Bounded well inside the call's 60 s: a call that waited for the reply instead fails the test at _signal.
        var error = await Assert.ThrowsAsync<MessageDeliveryFailureException>(() => call.WaitAsync(_signal));
        Assert.Contains(topic, error.Message, StringComparison.Ordinal);
        Assert.Contains("failed attempt", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, endpoint.Calls(value));
    }

    private static Task<Transport> CreateClientTransportAsync(HoldingProxy proxy, CapturingLoggerFactory logs)
    {
        var rabbit = TestBroker.FastRecovery();
        rabbit.RetryInterval = TimeSpan.FromMilliseconds(200);
        rabbit.RetryBackoff = TimeSpan.Zero;
        return Transport.CreateAsync(proxy.Url, new TransportOptions { LoggerFactory = logs }.UseRabbitMq(rabbit));
    }

    /// <summary>Starts a call whose request is written but held by the proxy, then drops the connection it was
    /// written on (its channel, with the confirm still to come) and lets everything else through again.</summary>
    private static async Task<Task<string>> CallWithRequestLostAsync(HoldingProxy proxy, RpcClient client, string value)
    {
        proxy.Hold();
        var call = client.CallAsync<string>(new RequestContext(), "echo", new { value });
        var link = await proxy.WaitForHeldAsync(Encoding.UTF8.GetBytes(value), _signal);
        Assert.False(call.IsCompleted);
        proxy.Drop(link);
        proxy.Release();
        return call;
    }

    /// <summary>Counts the calls per value.</summary>
    public sealed class CountingEndpoint
    {
        private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

        public int Calls(string value) => _calls.GetValueOrDefault(value);

        public string Echo(RequestContext context, string value)
        {
            _calls.AddOrUpdate(value, 1, (_, n) => n + 1);
            return value;
        }
    }
}
