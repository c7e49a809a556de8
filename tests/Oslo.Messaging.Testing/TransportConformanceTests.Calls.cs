using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Testing;

/// <summary>Calls: reply demultiplexing, timeouts, cancellation and the call monitor.</summary>
public abstract partial class TransportConformanceTests
{
    [Fact]
    public async Task CallAsync_ThousandConcurrentCalls_EachGetsItsOwnReply()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        await StartServerAsync(transport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));
        var client = NewClient(transport, new Target(topic), TimeSpan.FromSeconds(60));

        var results = await Task.WhenAll(Enumerable.Range(0, 1000)
            .Select(i => client.CallAsync<long>(new RequestContext(), "double", new { value = i })));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(2L * i, results[i]);
        }
    }

    [Fact]
    public async Task CallAsync_ThousandConcurrentCallsFromTwoTransports_EachGetsItsOwnReply()
    {
        var serverTransport = await NewTransportAsync();
        var clients = new[] { await NewTransportAsync(), await NewTransportAsync() };
        var topic = NewTopic();
        await StartServerAsync(serverTransport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));
        await StartServerAsync(serverTransport, new Target(topic, "s2"), new ConformanceEndpoint("s2"));

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i =>
            NewClient(clients[i % 2], new Target(topic), TimeSpan.FromSeconds(60))
                .CallAsync<string>(new RequestContext(), "echo", new { value = $"call-{i}" })));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal($"call-{i}", results[i]);
        }
    }

    [Fact]
    public async Task CallAsync_NoServerOnTopic_ThrowsMessagingTimeout()
    {
        var transport = await NewTransportAsync();
        // 1.5 s, not less: on a cold transport the first send also connects, and a loaded machine must not turn
        // the expected reply timeout into a send that missed its deadline.
        var client = NewClient(transport, new Target(NewTopic()), TimeSpan.FromMilliseconds(1500));

        var error = await Assert.ThrowsAsync<MessagingTimeoutException>(
            () => client.CallAsync<string>(new RequestContext(), "whoami").WaitAsync(SignalTimeout));

        Assert.Contains("Timed out waiting for a reply to message ID", error.Message, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", error.MessageId);
    }

    [Fact]
    public async Task CallAsync_CallerCancels_ThrowsOperationCanceledNotTimeout()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new GatedEndpoint();
        await StartServerAsync(transport, new Target(topic, "s1"), endpoint);
        var client = NewClient(transport, new Target(topic));
        using var cancel = new CancellationTokenSource();

        var call = client.CallAsync<int>(new RequestContext(), "hold", new { id = 1 }, cancel.Token);
        await endpoint.NextEnteredAsync(SignalTimeout);
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(SignalTimeout));
        Assert.Equal(cancel.Token, error.CancellationToken);
        endpoint.Open();
    }

    [Fact]
    public async Task CallAsync_AlreadyCancelledToken_ThrowsOperationCanceled()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var endpoint = new ConformanceEndpoint("s1");
        await StartServerAsync(transport, new Target(topic, "s1"), endpoint);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => NewClient(transport, new Target(topic)).CallAsync<string>(new RequestContext(), "whoami", cancellationToken: new CancellationToken(true)));
        Assert.Equal(0, endpoint.Calls);
    }

    [Fact]
    public async Task CallAsync_CallMonitorWithSlowServer_SucceedsWhileHeartbeatsFlow()
    {
        // Heartbeats come every int(2)/2 = 1 s; the handler takes 3 s, longer than the 2 s monitor window.
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        await StartServerAsync(transport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));
        var client = NewClient(transport, new Target(topic), TimeSpan.FromSeconds(20), callMonitorTimeout: TimeSpan.FromSeconds(2));

        var result = await client.CallAsync<string>(new RequestContext(), "slow", new { milliseconds = 3000 }).WaitAsync(SignalTimeout);

        Assert.Equal("done", result);
    }

    [Fact]
    public async Task CallAsync_CallMonitorWithSilentServer_FailsBeforeOverallTimeout()
    {
        // A consumer that takes the request and never answers nor sends heartbeats.
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        var silent = new RawMessageCollector();
        Own(await transport.Driver.ListenAsync(new Target(topic, "mute"), silent, CancellationToken.None));
        var client = NewClient(transport, new Target(topic), TimeSpan.FromSeconds(60), callMonitorTimeout: TimeSpan.FromSeconds(1));

        var call = client.CallAsync<string>(new RequestContext(), "whoami");
        var request = await silent.ReadMessageAsync(SignalTimeout);
        var error = await Assert.ThrowsAsync<MessagingTimeoutException>(() => call.WaitAsync(SignalTimeout));

        Assert.Equal("whoami", request.GetProperty("method").GetString());
        Assert.Equal(1, request.GetProperty("_timeout").GetInt32());
        Assert.Contains("call monitor", error.Message, StringComparison.Ordinal);
    }
}
