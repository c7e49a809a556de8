using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>A small endpoint for the broker tests.</summary>
[RpcEndpoint(Version = "1.1")]
public sealed class EchoEndpoint(string name)
{
    private readonly System.Threading.Channels.Channel<string> _notes = System.Threading.Channels.Channel.CreateUnbounded<string>();

    public string Whoami(RequestContext context) => name;

    public string Echo(RequestContext context, string value) => value;

    public int Add(RequestContext context, int a, int b) => a + b;

    public void Note(RequestContext context, string kind) => _notes.Writer.TryWrite(kind);

    /// <summary>The next note cast to this endpoint.</summary>
    public async Task<string> NextNoteAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        return await _notes.Reader.ReadAsync(deadline.Token);
    }
}
