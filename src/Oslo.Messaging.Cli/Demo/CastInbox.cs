using System.Collections.Concurrent;

namespace Oslo.Messaging.Cli.Demo;

/// <summary>Where the demo's servers record the casts they receive, so the demo awaits a delivery instead of sleeping.</summary>
internal sealed class CastInbox
{
    private readonly ConcurrentDictionary<(string Server, string Message), TaskCompletionSource> _deliveries = new();

    public void Record(string server, string message) => Slot(server, message).TrySetResult();

    /// <summary>Completes when <paramref name="server"/> has received <paramref name="message"/>.</summary>
    public Task WaitAsync(string server, string message, CancellationToken cancellationToken) =>
        Slot(server, message).Task.WaitAsync(cancellationToken);

    private TaskCompletionSource Slot(string server, string message) =>
        _deliveries.GetOrAdd((server, message), static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
