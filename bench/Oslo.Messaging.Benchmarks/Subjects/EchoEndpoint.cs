namespace Oslo.Messaging.Benchmarks.Subjects;

/// <summary>The benchmark endpoint served by this library: <c>echo(payload)</c> for calls, <c>note(payload)</c> counts casts.</summary>
public sealed class EchoEndpoint
{
    private long _notes;

    public long Notes => Interlocked.Read(ref _notes);

    public string Echo(RequestContext context, string payload) => payload;

    public void Note(RequestContext context, string payload) => Interlocked.Increment(ref _notes);
}
