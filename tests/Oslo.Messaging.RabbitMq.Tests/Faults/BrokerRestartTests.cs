using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Xunit.Abstractions;

namespace Oslo.Messaging.RabbitMq.Tests.Faults;

/// <summary>The broker goes away under a steady call load and comes back: nothing hangs, every call ends by its
/// deadline with a result or a clear exception, service resumes, and reply and fanout queues keep their names.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "BrokerFaults")]
[Collection("BrokerFaults")]
public sealed class BrokerRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan _callTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Calls_BrokerAppRestartedUnderLoad_EndByDeadlineAndServiceRecovers()
    {
        _ = TestBroker.Ctl; // Fails with the reason when the control script is not configured.
        var topic = TestBroker.Unique("restart");
        // oslo's default reconnect pacing (1 s, then 1, 3, 5 ... s): the figures are what a deployment would see.
        await using var serverTransport = await TestBroker.CreateTransportAsync(rabbit: new RabbitMqOptions());
        await using var clientTransport = await TestBroker.CreateTransportAsync(rabbit: new RabbitMqOptions());
        await using var server = new RpcServer(serverTransport, new Target(topic, "s1"), [new EchoEndpoint("s1")]);
        await server.StartAsync();
        var client = new RpcClient(clientTransport, new Target(topic), new RpcClientOptions { Timeout = _callTimeout });
        var load = new CallLoad(_callTimeout);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(client, workers: 8, stop.Token);
        TimeSpan stoppedAt, startedAt;
        try
        {
            await load.WaitForSuccessesAsync(100, TimeSpan.FromSeconds(30));
            var replyQueue = ((RabbitMqTransportDriver)clientTransport.Driver).Reply!.Consumers[0].Spec.Name;
            var fanoutQueue = ((RabbitMqTransportDriver)serverTransport.Driver).Listeners.Single().FanoutQueue!;
            var before = load.Succeeded;

            await BrokerControl.RunAsync("stop_app", TimeSpan.FromSeconds(60));
            stoppedAt = load.Now;
            try
            {
                await BrokerControl.RunAsync("start_app", TimeSpan.FromSeconds(120));
            }
            finally
            {
                startedAt = load.Now;
            }

            await load.WaitForSuccessesAsync(load.Succeeded + 200, TimeSpan.FromSeconds(90));
            await stop.CancelAsync();
            await running.WaitAsync(_callTimeout + TimeSpan.FromSeconds(10));

            var recovered = load.FirstSuccessAfter(startedAt);
            output.WriteLine($"broker down (stop_app .. start_app done): {(startedAt - stoppedAt).TotalSeconds:0.0} s");
            output.WriteLine($"first successful call after the broker was back: {((recovered ?? load.Now) - startedAt).TotalSeconds:0.0} s later; " +
                             $"total disruption {((recovered ?? load.Now) - stoppedAt).TotalSeconds:0.0} s");
            output.WriteLine($"calls: {load} (before the restart: {before} succeeded)");
            foreach (var error in load.Others.Take(5))
            {
                output.WriteLine($"unexpected: {error.GetType().Name}: {error.Message}");
            }

            Assert.NotNull(recovered);
            Assert.Equal(0, load.Hung);
            Assert.Empty(load.Others);
            Assert.InRange(load.LongestCall, TimeSpan.Zero, _callTimeout + TimeSpan.FromSeconds(5));
            await using var probe = await BrokerProbe.ConnectAsync();
            Assert.Equal(replyQueue, ((RabbitMqTransportDriver)clientTransport.Driver).Reply!.Consumers[0].Spec.Name);
            Assert.Equal(1u, await probe.ConsumersAsync(replyQueue));
            Assert.Equal(fanoutQueue, ((RabbitMqTransportDriver)serverTransport.Driver).Listeners.Single().FanoutQueue);
            Assert.Equal(1u, await probe.ConsumersAsync(fanoutQueue));
            Assert.Equal(1u, await probe.ConsumersAsync(topic));
            Assert.Equal(1u, await probe.ConsumersAsync(topic + ".s1"));
        }
        finally
        {
            await stop.CancelAsync();
        }
    }
}
