namespace Oslo.Messaging.Benchmarks.Subjects;

/// <summary><see cref="IBenchEchoApi"/> implemented as <see cref="EchoEndpoint"/> is: echo the payload, count casts.</summary>
public sealed class TypedEchoService : IBenchEchoApi
{
    private long _notes;

    public long Notes => Interlocked.Read(ref _notes);

    public ValueTask<string> EchoAsync(RequestContext context, string payload, CancellationToken cancellationToken = default) => ValueTask.FromResult(payload);

    public ValueTask NoteAsync(RequestContext context, string payload, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _notes);
        return ValueTask.CompletedTask;
    }
}
