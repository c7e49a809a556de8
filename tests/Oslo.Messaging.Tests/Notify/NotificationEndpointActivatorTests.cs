using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Tests.Notify;

public sealed class NotificationEndpointActivatorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>Receives only event types starting with <c>keep</c>; records each call with its scope.</summary>
    private sealed class Keeper(CountingActivator.Scope scope) : IFilteredNotificationEndpoint
    {
        public NotificationFilter Filter { get; } = new(eventType: "keep");

        public void Info(RequestContext c, string? p, string? eventType, JsonElement payload, NotificationMetadata m) =>
            scope.Owner.Calls.Writer.TryWrite((eventType!, scope.Id, scope.Context?.UserId));
    }

    private sealed class CountingActivator : NotificationEndpointActivator
    {
        private int _next;

        public Channel<(string EventType, int Scope, string? User)> Calls { get; } = Channel.CreateUnbounded<(string, int, string?)>();

        public ConcurrentQueue<int> Disposed { get; } = new();

        public override NotificationEndpointScope BeginNotification(RequestContext? context) => new Scope(this, Interlocked.Increment(ref _next), context);

        public sealed class Scope(CountingActivator owner, int id, RequestContext? context) : NotificationEndpointScope
        {
            public CountingActivator Owner => owner;

            public int Id => id;

            public RequestContext? Context => context;

            public override object GetEndpoint(Type endpointType) => new Keeper(this);

            public override ValueTask DisposeAsync()
            {
                owner.Disposed.Enqueue(id);
                return ValueTask.CompletedTask;
            }
        }
    }

    [Fact]
    public async Task EndpointTypes_ScopePerNotification_FilterReadFromTheScopesObject_ScopeDisposedBeforeTheNext()
    {
        await using var transport = await Transport.CreateAsync("memory://");
        var activator = new CountingActivator();
        await using var listener = new NotificationListener(transport, [new Target("n")], [typeof(Keeper)], activator,
            new NotificationListenerOptions { Executor = Oslo.Messaging.Rpc.RpcExecutor.Pooled(1) });
        await listener.StartAsync();
        var notifier = new Notifier(transport, new NotifierOptions { Topics = ["n"] });

        await notifier.InfoAsync(new RequestContext { UserId = "alice" }, "drop.me", null);
        await notifier.InfoAsync(new RequestContext { UserId = "bob" }, "keep.me", null);
        var call = await activator.Calls.Reader.ReadAsync().AsTask().WaitAsync(Wait);

        Assert.Equal(("keep.me", 2, "bob"), call); // scope 1 served the notification its filter skipped
        Assert.Equal([1], activator.Disposed.Take(1)); // one worker: the first scope ended before the second began
        await listener.StopAsync();
        await listener.WaitAsync();
        Assert.Equal([1, 2], activator.Disposed);
    }

    [Fact]
    public async Task Constructor_AbstractEndpointType_Throws()
    {
        await using var transport = await Transport.CreateAsync("memory://");
        var error = Assert.Throws<ArgumentException>(() => new NotificationListener(transport, [new Target("n")], [typeof(NotificationEndpointScope)], new CountingActivator()));
        Assert.Contains("abstract", error.Message, StringComparison.Ordinal);
    }
}
