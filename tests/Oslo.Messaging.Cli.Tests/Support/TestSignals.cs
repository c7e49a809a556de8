using System.Collections.Concurrent;

namespace Oslo.Messaging.Cli.Tests.Support;

/// <summary>What the test endpoints tell the tests: casts received, a hanging call entered; and the gate that ends it.</summary>
internal sealed class TestSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _notified = new(StringComparer.Ordinal);

    public TaskCompletionSource HangEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The first message cast to <paramref name="server"/>'s notify.</summary>
    public TaskCompletionSource<string> NotifiedOn(string server) =>
        _notified.GetOrAdd(server, static _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
