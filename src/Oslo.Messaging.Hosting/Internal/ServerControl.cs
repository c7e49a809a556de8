using Oslo.Messaging.Notify;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting.Internal;

/// <summary>The lifecycle an <see cref="RpcServer"/> and a <see cref="NotificationListener"/> share (start, stop, wait,
/// dispose), so one <see cref="HostedEndpoint"/> runs either with the host.</summary>
internal sealed record ServerControl(
    Func<CancellationToken, Task> StartAsync,
    Func<CancellationToken, Task> StopAsync,
    Func<CancellationToken, Task> WaitAsync,
    Func<bool> IsRunning,
    Func<ValueTask> DisposeAsync)
{
    public static ServerControl Of(RpcServer server) =>
        new(server.StartAsync, server.StopAsync, server.WaitAsync, () => server.IsRunning, server.DisposeAsync);

    public static ServerControl Of(NotificationListener listener) =>
        new(listener.StartAsync, listener.StopAsync, listener.WaitAsync, () => listener.IsRunning, listener.DisposeAsync);
}
