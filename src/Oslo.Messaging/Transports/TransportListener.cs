namespace Oslo.Messaging.Transports;

/// <summary>A driver's consumer for one server target (topic, topic.server and fanout).</summary>
public abstract class TransportListener : IAsyncDisposable
{
    /// <summary>Stops taking new messages. Returns once no handler call is in progress and none will start. Idempotent.</summary>
    public abstract Task StopAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops and releases everything (connections, the fanout queue). Idempotent.</summary>
    public abstract ValueTask DisposeAsync();
}
