using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Testing;

/// <summary>Server lifecycle and executors (docs/wire-protocol.md, "Server lifecycle").</summary>
public abstract partial class TransportConformanceTests
{
    [Fact]
    public async Task StopAsync_AfterStop_NoNewRequestIsTaken()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new GatedEndpoint();
        var server = await StartServerAsync(transport, new Target(topic, "s1"), endpoint);
        var client = NewClient(transport, new Target(topic));
        Assert.Equal(1, await client.CallAsync<int>(new RequestContext(), "ping"));

        await server.StopAsync();

        await Assert.ThrowsAsync<MessagingTimeoutException>(
            () => client.Prepare(timeout: TimeSpan.FromMilliseconds(500)).CallAsync<int>(new RequestContext(), "ping"));
        Assert.Equal(1, endpoint.Pings);
        Assert.False(server.IsRunning);
    }

    [Fact]
    public async Task WaitAsync_RequestsInFlightAtStop_FinishAndAreReplied()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new GatedEndpoint();
        var server = await StartServerAsync(transport, new Target(topic, "s1"), endpoint);
        var client = NewClient(transport, new Target(topic));
        var calls = Enumerable.Range(1, 3).Select(i => client.CallAsync<int>(new RequestContext(), "hold", new { id = i })).ToArray();
        for (var i = 0; i < calls.Length; i++)
        {
            await endpoint.NextEnteredAsync(SignalTimeout);
        }

        await server.StopAsync().WaitAsync(SignalTimeout);
        var wait = server.WaitAsync();
        Assert.False(wait.IsCompleted, "WaitAsync returned while requests were still running");
        Assert.Equal(0, endpoint.Finished);

        endpoint.Open();

        Assert.Equal([1, 2, 3], (await Task.WhenAll(calls).WaitAsync(SignalTimeout)).Order());
        await wait.WaitAsync(SignalTimeout);
    }

    [Fact]
    public async Task StopAsync_ServerSaturated_ReturnsWhileRequestsStillRunning()
    {
        // More requests than the executor runs and queues: stop must not wait for the held ones to finish.
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new GatedEndpoint();
        var server = await StartServerAsync(transport, new Target(topic, "s1"), endpoint, new RpcServerOptions { Executor = RpcExecutor.Pooled(1) });
        var client = NewClient(transport, new Target(topic));
        var calls = Enumerable.Range(0, 40).Select(i => client.CallAsync<int>(new RequestContext(), "hold", new { id = i })).ToArray();
        await endpoint.NextEnteredAsync(SignalTimeout);

        await server.StopAsync().WaitAsync(SignalTimeout);
        Assert.Equal(1, endpoint.Active);
        endpoint.Open();
        await server.WaitAsync().WaitAsync(SignalTimeout);

        // Every request the server took ran and was answered; the rest stay queued on the broker for the next server.
        Assert.Equal(endpoint.Started, endpoint.Finished);
        Assert.True(endpoint.Started >= 1);
        var deadline = Task.Delay(SignalTimeout);
        while (calls.Count(c => c.IsCompleted) < endpoint.Started
            && await Task.WhenAny(Task.WhenAny(calls.Where(c => !c.IsCompleted)), deadline) != deadline)
        {
        }

        Assert.Equal(endpoint.Started, calls.Count(c => c.IsCompletedSuccessfully));
    }

    [Fact]
    public async Task WaitAsync_Returned_NoEndpointCodeRunsAnyMore()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new GatedEndpoint();
        var server = await StartServerAsync(transport, new Target(topic, "s1"), endpoint);
        var client = NewClient(transport, new Target(topic));
        for (var i = 0; i < 5; i++)
        {
            await client.CastAsync(new RequestContext(), "hold", new { id = i });
        }

        await endpoint.NextEnteredAsync(SignalTimeout);
        await server.StopAsync().WaitAsync(SignalTimeout);
        endpoint.Open();
        await server.WaitAsync().WaitAsync(SignalTimeout);
        var (started, finished) = (endpoint.Started, endpoint.Finished);

        Assert.Equal(0, endpoint.Active);
        Assert.Equal(started, finished);
        await Assert.ThrowsAsync<MessagingTimeoutException>(
            () => client.Prepare(timeout: TimeSpan.FromMilliseconds(300)).CallAsync<int>(new RequestContext(), "ping"));
        Assert.Equal(started, endpoint.Started);
        Assert.Equal(0, endpoint.Pings);
    }

    [Fact]
    public async Task StartAsync_AfterStopAndWait_ServesAgain()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new GatedEndpoint();
        var server = await StartServerAsync(transport, new Target(topic, "s1"), endpoint);
        var client = NewClient(transport, new Target(topic));
        Assert.Equal(1, await client.CallAsync<int>(new RequestContext(), "ping"));
        await server.StopAsync();
        await server.WaitAsync().WaitAsync(SignalTimeout);

        await server.StartAsync();

        Assert.True(server.IsRunning);
        Assert.Equal(2, await client.CallAsync<int>(new RequestContext(), "ping"));
    }

    [Fact]
    public async Task StartAsync_Twice_SecondIsIgnored()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new ConformanceEndpoint("s1");
        var server = await StartServerAsync(transport, new Target(topic, "s1"), endpoint);

        await server.StartAsync();
        await NewClient(transport, new Target(topic, fanout: true)).CastAsync(new RequestContext(), "note", new { kind = "once" });

        // One fanout cast, then a call through the same server: a second listener would have delivered the cast twice.
        Assert.Equal("once", await endpoint.NextNoteAsync(SignalTimeout));
        var client = NewClient(transport, new Target(topic));
        Assert.Equal("s1", await client.CallAsync<string>(new RequestContext(), "whoami"));
        Assert.Equal(1, await client.Prepare(server: "s1").CallAsync<int>(new RequestContext(), "note_count"));
    }

    [Fact]
    public async Task Executor_Blocking_RunsOneAtATimeInArrivalOrder()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new GatedEndpoint();
        await StartServerAsync(transport, new Target(topic, "s1"), endpoint, new RpcServerOptions { Executor = RpcExecutor.Blocking });
        var client = NewClient(transport, new Target(topic));

        for (var i = 0; i < 20; i++)
        {
            await client.CastAsync(new RequestContext(), "record", new { id = i });
        }

        Assert.Equal(1, await client.CallAsync<int>(new RequestContext(), "ping"));
        Assert.Equal(Enumerable.Range(0, 20), endpoint.Order);
        Assert.Equal(1, endpoint.MaxActive);
    }

    [Fact]
    public async Task Executor_Pooled_RunsConcurrentlyUpToTheMaximum()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new GatedEndpoint();
        await StartServerAsync(transport, new Target(topic, "s1"), endpoint, new RpcServerOptions { Executor = RpcExecutor.Pooled(3) });
        var client = NewClient(transport, new Target(topic));

        var calls = Enumerable.Range(0, 8).Select(i => client.CallAsync<int>(new RequestContext(), "hold", new { id = i })).ToArray();
        for (var i = 0; i < 3; i++)
        {
            await endpoint.NextEnteredAsync(SignalTimeout);
        }

        Assert.Equal(3, endpoint.Active);
        endpoint.Open();
        var results = await Task.WhenAll(calls).WaitAsync(SignalTimeout);

        Assert.Equal(Enumerable.Range(0, 8), results.Order());
        Assert.Equal(3, endpoint.MaxActive);
    }
}
