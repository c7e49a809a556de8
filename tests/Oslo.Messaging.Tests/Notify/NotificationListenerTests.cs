using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Tests.Notify;

public sealed class NotificationListenerTests
{
    private sealed class NoPriorityMethods
    {
        public void Handle(RequestContext context) => _ = context;
    }

    private sealed class WrongSignature
    {
        public void Info(RequestContext context, string? publisherId, JsonElement payload) => _ = (context, publisherId, payload);
    }

    private sealed class TwoInfoMethods
    {
        public void Info(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => _ = (c, p, e, payload, m);

        public Task InfoAsync(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Task.CompletedTask;
    }

    private sealed class SampleOnly
    {
        public ValueTask<NotificationResult> sample(RequestContext c, string? p, string? e, Dictionary<string, int> payload, NotificationMetadata m) =>
            ValueTask.FromResult(NotificationResult.Handled);
    }

    [Fact]
    public async Task Constructor_BadEndpointsOrTargets_ThrowWithTheReason()
    {
        await using var transport = await Transport.CreateAsync("memory://");
        Target[] targets = [new("t")];

        Assert.Contains("no public method named after a priority", Assert.Throws<ArgumentException>(() => new NotificationListener(transport, targets, [new NoPriorityMethods()])).Message, StringComparison.Ordinal);
        Assert.Contains("must take (RequestContext", Assert.Throws<ArgumentException>(() => new NotificationListener(transport, targets, [new WrongSignature()])).Message, StringComparison.Ordinal);
        Assert.Contains("two methods for priority Info", Assert.Throws<ArgumentException>(() => new NotificationListener(transport, targets, [new TwoInfoMethods()])).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidTargetException>(() => new NotificationListener(transport, [new Target()], [new SampleOnly()]));
        Assert.Throws<ArgumentException>(() => new NotificationListener(transport, [], [new SampleOnly()]));
        Assert.Throws<ArgumentException>(() => new NotificationListener(transport, targets, [new SampleOnly()], new NotificationListenerOptions { Pool = "" }));
    }

    [Fact]
    public async Task Bindings_WithPool_OneQueueNamedAfterPoolBoundWithEveryRoutingKey()
    {
        await using var transport = await Transport.CreateAsync("memory://");

        var listener = new NotificationListener(transport, [new Target("a"), new Target("b", exchange: "x")], [new SampleOnly()],
            new NotificationListenerOptions { Pool = "billing" });

        Assert.Equal([new QueueBinding("billing", null, "a.sample"), new QueueBinding("billing", "x", "b.sample")], listener.Bindings);
        Assert.Equal([NotificationPriority.Sample], listener.Priorities);
    }

    [Fact]
    public async Task Endpoint_LowerCaseMethodAndTypedPayload_Receives()
    {
        await using var transport = await Transport.CreateAsync("memory://");
        var received = new TaskCompletionSource<Dictionary<string, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var endpoint = new TypedSample(received);
        await using var listener = new NotificationListener(transport, [new Target("meters")], [endpoint]);
        await listener.StartAsync();

        await new Notifier(transport, new NotifierOptions { Topics = ["meters"] }).SampleAsync(null, "cpu", new Dictionary<string, int> { ["cpu"] = 7 });

        Assert.Equal(7, (await received.Task.WaitAsync(TimeSpan.FromSeconds(10)))["cpu"]);
    }

    private sealed class TypedSample(TaskCompletionSource<Dictionary<string, int>> received)
    {
        public void sample(RequestContext c, string? p, string? e, Dictionary<string, int> payload, NotificationMetadata m) => received.TrySetResult(payload);
    }
}
