using System.Text.Json;
using System.Threading.Channels;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Testing;

/// <summary>The general endpoint of the conformance suite: answers with its server name, echoes, records casts, fails on demand.</summary>
public sealed class ConformanceEndpoint(string serverName)
{
    private readonly Channel<string> _notes = Channel.CreateUnbounded<string>();
    private int _calls;
    private int _noteCount;

    /// <summary>The name given at construction (the server's name).</summary>
    public string ServerName { get; } = serverName;

    /// <summary>How many times <see cref="Whoami"/> ran.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Returns the server name.</summary>
    public string Whoami(RequestContext context)
    {
        Interlocked.Increment(ref _calls);
        return ServerName;
    }

    /// <summary>Returns twice the value.</summary>
    public long Double(RequestContext context, long value) => value * 2;

    /// <summary>Returns the value unchanged.</summary>
    public string Echo(RequestContext context, string value) => value;

    /// <summary>Returns the context the endpoint received.</summary>
    public Dictionary<string, JsonElement> Context(RequestContext context) => context.ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>A cast target: records <paramref name="kind"/>.</summary>
    public void Note(RequestContext context, string kind)
    {
        Interlocked.Increment(ref _noteCount);
        _notes.Writer.TryWrite(kind);
    }

    /// <summary>How many notes were recorded.</summary>
    public int NoteCount(RequestContext context) => Volatile.Read(ref _noteCount);

    /// <summary>Takes <paramref name="milliseconds"/> to answer.</summary>
    public async Task<string> SlowAsync(RequestContext context, int milliseconds)
    {
        await Task.Delay(milliseconds).ConfigureAwait(false);
        return "done";
    }

    /// <summary>Throws <see cref="ConformanceException"/>, an unexpected failure (logged as an error).</summary>
    public void Fail(RequestContext context, string message) => throw new ConformanceException(message);

    /// <summary>Throws <see cref="ConformanceException"/>, declared expected (logged at debug level).</summary>
    [ExpectedExceptions(typeof(ConformanceException))]
    public void FailExpected(RequestContext context, string message) => throw new ConformanceException(message);

    /// <summary>The next note recorded by a cast.</summary>
    /// <exception cref="TimeoutException">None within <paramref name="timeout"/>.</exception>
    public async Task<string> NextNoteAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _notes.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Server {ServerName} received no cast within {timeout}");
        }
    }
}
