using System.Text;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Faults;

/// <summary>Sends while the broker is down: they wait for it within their budget, or fail with a clear reason.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "BrokerFaults")]
[Collection("BrokerFaults")]
public sealed class BrokerDownTests
{
    private static readonly byte[] _body = Encoding.UTF8.GetBytes("{}");

    [Fact]
    public async Task SendAsync_BrokerDownNoRetry_FailsWithDeliveryFailureAndMaskedUrl()
    {
        await using var transport = await TestBroker.CreateTransportAsync();
        await BrokerControl.RunAsync("stop_app", TimeSpan.FromSeconds(60));
        try
        {
            var error = await Assert.ThrowsAsync<MessageDeliveryFailureException>(() => transport.Driver
                .SendAsync(Destination.ToTopic(null, "t"), _body, new SendOptions(Retry: 0), CancellationToken.None).AsTask()
                .WaitAsync(TimeSpan.FromSeconds(30)));

            Assert.Contains("after 1 failed attempt", error.Message, StringComparison.Ordinal);
            Assert.Contains(":****@", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await BrokerControl.RunAsync("start_app", TimeSpan.FromSeconds(120));
        }
    }

    [Fact]
    public async Task SendAsync_BrokerDownRetryTwo_GivesUpAfterThreeAttempts()
    {
        await using var transport = await TestBroker.CreateTransportAsync();
        await BrokerControl.RunAsync("stop_app", TimeSpan.FromSeconds(60));
        try
        {
            var error = await Assert.ThrowsAsync<MessageDeliveryFailureException>(() => transport.Driver
                .SendAsync(Destination.ToTopic(null, "t"), _body, new SendOptions(Retry: 2), CancellationToken.None).AsTask()
                .WaitAsync(TimeSpan.FromSeconds(30)));

            Assert.Contains("after 3 failed attempt", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await BrokerControl.RunAsync("start_app", TimeSpan.FromSeconds(120));
        }
    }

    [Fact]
    public async Task SendAsync_BrokerDownUntilCancelled_ThrowsOperationCanceled()
    {
        await using var transport = await TestBroker.CreateTransportAsync();
        await BrokerControl.RunAsync("stop_app", TimeSpan.FromSeconds(60));
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.Driver
                .SendAsync(Destination.ToTopic(null, "t"), _body, new SendOptions(), cancel.Token).AsTask()
                .WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await BrokerControl.RunAsync("start_app", TimeSpan.FromSeconds(120));
        }
    }

    [Fact]
    public async Task CallAsync_IssuedWhileBrokerDown_IsSentWhenItIsBackAndAnswered()
    {
        var topic = TestBroker.Unique("waiting");
        // Durable queues survive the broker's restart, so the request waits in T for the server to come back.
        await using var serverTransport = await TestBroker.CreateTransportAsync("amqp_durable_queues=true",
            options: new TransportOptions { ControlExchange = "openstack_durable_tests" });
        await using var clientTransport = await TestBroker.CreateTransportAsync("amqp_durable_queues=true",
            options: new TransportOptions { ControlExchange = "openstack_durable_tests" });
        try
        {
            await using var server = new RpcServer(serverTransport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
            await server.StartAsync();
            var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
            Assert.Equal(2, await client.CallAsync<int>(new RequestContext(), "add", new { a = 1, b = 1 }));

            await BrokerControl.RunAsync("stop_app", TimeSpan.FromSeconds(60));
            Task<int> call;
            try
            {
                // Issued while the broker is down: it must wait for the reconnect (failing would throw below).
                call = client.CallAsync<int>(new RequestContext(), "add", new { a = 2, b = 3 });
            }
            finally
            {
                await BrokerControl.RunAsync("start_app", TimeSpan.FromSeconds(120));
            }

            Assert.Equal(5, await call.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            await using var probe = await BrokerProbe.ConnectAsync();
            await probe.DeleteQueueAsync(topic);
            await probe.DeleteQueueAsync(topic + ".s1");
            await probe.DeleteExchangeAsync("openstack_durable_tests");
        }
    }
}
