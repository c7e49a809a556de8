using System.Text;
using System.Threading.Channels;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Support;

/// <summary>
/// A driver that records what the core sends and lets a test play the broker: deliver requests to the listener,
/// replies to the reply consumer. Nothing is routed anywhere on its own.
/// </summary>
internal sealed class RecordingDriver : TransportDriver
{
    public const string ReplyAddress = "reply_recording";
    private static readonly TimeSpan _defaultWait = TimeSpan.FromSeconds(10);
    private readonly Channel<SentMessage> _sent = Channel.CreateUnbounded<SentMessage>();
    private int _replyConsumerStarts;

    /// <summary>Runs for every send after it is recorded, with the send's token; throw from it to make the send fail.</summary>
    public Func<SentMessage, CancellationToken, ValueTask>? OnSend { get; set; }

    /// <summary>When set, <see cref="ListenAsync"/> throws it (a broker refusing to declare the queues).</summary>
    public Exception? ListenFailure { get; set; }

    public IMessageHandler? ReplyHandler { get; private set; }

    public IMessageHandler? ListenerHandler { get; private set; }

    public int ReplyConsumerStarts => Volatile.Read(ref _replyConsumerStarts);

    public int Listens { get; private set; }

    public int ListenersStopped { get; private set; }

    public int ListenersDisposed { get; private set; }

    /// <summary>Creates a transport on <paramref name="driver"/> (scheme <c>recording://</c>).</summary>
    public static Task<Transport> CreateTransportAsync(RecordingDriver driver, TransportOptions? options = null)
    {
        options ??= new TransportOptions();
        options.Drivers.Add(new Factory(driver));
        return Transport.CreateAsync("recording://", options);
    }

    public override async ValueTask SendAsync(Destination destination, ReadOnlyMemory<byte> body, SendOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var message = new SentMessage(destination, body.ToArray(), options);
        _sent.Writer.TryWrite(message);
        if (OnSend is { } hook)
        {
            await hook(message, cancellationToken);
        }
    }

    public override ValueTask<string> StartReplyConsumerAsync(IMessageHandler handler, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _replyConsumerStarts);
        ReplyHandler = handler;
        return ValueTask.FromResult(ReplyAddress);
    }

    public override ValueTask<TransportListener> ListenAsync(Target target, IMessageHandler handler, CancellationToken cancellationToken)
    {
        if (ListenFailure is { } failure)
        {
            throw failure;
        }

        Listens++;
        ListenerHandler = handler;
        return ValueTask.FromResult<TransportListener>(new Listener(this));
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The next message sent.</summary>
    public async Task<SentMessage> NextSentAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? _defaultWait);
        return await _sent.Reader.ReadAsync(deadline.Token);
    }

    /// <summary>True if a message was sent and not yet read with <see cref="NextSentAsync"/>.</summary>
    public bool TryTakeSent(out SentMessage? message) => _sent.Reader.TryRead(out message);

    /// <summary>Hands a request body to the server's listener, as a broker delivery would.</summary>
    public ValueTask DeliverAsync(string body, string? contentType = "application/json") =>
        ListenerHandler!.HandleAsync(new IncomingMessage(Encoding.UTF8.GetBytes(body), contentType, "recording-queue"), CancellationToken.None);

    /// <summary>Hands a reply body to the reply consumer.</summary>
    public ValueTask ReplyAsync(string body) =>
        ReplyHandler!.HandleAsync(new IncomingMessage(Encoding.UTF8.GetBytes(body), "application/json", ReplyAddress), CancellationToken.None);

    private sealed class Factory(RecordingDriver driver) : ITransportDriverFactory
    {
        public IReadOnlyCollection<string> Schemes { get; } = ["recording"];

        public TransportDriver Create(TransportUrl url, TransportOptions options) => driver;
    }

    private sealed class Listener(RecordingDriver owner) : TransportListener
    {
        private bool _stopped;
        private bool _disposed;

        public override Task StopAsync(CancellationToken cancellationToken = default)
        {
            if (!_stopped)
            {
                _stopped = true;
                owner.ListenersStopped++;
            }

            return Task.CompletedTask;
        }

        public override async ValueTask DisposeAsync()
        {
            await StopAsync();
            if (!_disposed)
            {
                _disposed = true;
                owner.ListenersDisposed++;
            }
        }
    }
}
