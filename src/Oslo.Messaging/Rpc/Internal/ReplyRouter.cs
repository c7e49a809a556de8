using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// The consumer of a transport's single reply address: hands each reply to the call waiting for its <c>_msg_id</c>
/// and drops replies nobody waits for (late replies, or heartbeats for an answered call). Also expires the calls
/// whose deadline passed (ReplyRouter.Deadlines.cs).
/// </summary>
internal sealed partial class ReplyRouter : IReplyConsumer
{
    private readonly ConcurrentDictionary<string, ReplyWaiter> _waiters = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private ReplyReader.FindWaiter? _find; // made once: a delegate per reply would be an allocation per call

    public ReplyRouter(ILogger logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        _sweeper = NewSweeper(time); // last: the sweeper may use every field above
    }

    public string Address { get; set; } = "";

    public int Outstanding => _waiters.Count;

    /// <summary>Registers a call started at <paramref name="now"/> that times out after <paramref name="timeout"/>, or
    /// after <paramref name="callMonitor"/> without a message (heartbeat) from the server.</summary>
    public ReplyWaiter Register(string messageId, long now, TimeSpan timeout, TimeSpan? callMonitor)
    {
        var waiter = new ReplyWaiter(
            now,
            now + ReplyWaiter.ToTimestampTicks(timeout, _time),
            callMonitor is { } monitor ? Math.Max(1, ReplyWaiter.ToTimestampTicks(monitor, _time)) : 0);
        _waiters[messageId] = waiter;
        ArmFor(waiter.Due);
        return waiter;
    }

    private bool FindWaiter(ReadOnlySpan<char> messageId, out string knownId, out ReplyWaiter waiter) =>
        _waiters.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(messageId, out knownId!, out waiter!);

    public void Unregister(string messageId) => _waiters.TryRemove(messageId, out _);

    public void FailAll(Exception exception)
    {
        foreach (var (id, waiter) in _waiters)
        {
            waiter.Fail(exception);
            _waiters.TryRemove(id, out _);
        }

        Disarm();
    }

    public ValueTask HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        // Never throws: whatever a peer sends, the reply consumer keeps consuming for every other call.
        try
        {
            Route(message);
        }
        catch (Exception ex)
        {
            RpcLog.BadReply(_logger, message.Source, $"{ex.GetType().Name}: {ex.Message}", message.Body.Length);
        }

        return ValueTask.CompletedTask;
    }

    private void Route(IncomingMessage message)
    {
        switch (ReplyReader.TryRead(message.Body.Span, _find ??= FindWaiter, out var found, out var read, out var unknownId))
        {
            case ReplyReader.Outcome.Found:
                found!.OnMessage(read!, _time.GetTimestamp());
                return;
            case ReplyReader.Outcome.NoWaiter:
                RpcLog.NoWaiter(_logger, unknownId!);
                return;
        }

        var opened = Envelope.Open(message.Body.Span);
        if (opened.Problem is { } problem)
        {
            RpcLog.BadReply(_logger, message.Source, problem, message.Body.Length);
            return;
        }

        var reply = ReplyCodec.Decode(opened.Message);
        if (reply is null)
        {
            RpcLog.BadReply(_logger, message.Source, "no _msg_id", message.Body.Length);
        }
        else if (!_waiters.TryGetValue(reply.MessageId, out var waiter))
        {
            RpcLog.NoWaiter(_logger, reply.MessageId);
        }
        else if (opened.UnsupportedVersion is { } version)
        {
            // The caller learns now why it will get no usable reply, instead of timing out.
            RpcLog.UnsupportedReplyEnvelope(_logger, reply.MessageId, version);
            waiter.Fail(new UnsupportedEnvelopeVersionException(version));
        }
        else
        {
            waiter.OnMessage(reply, _time.GetTimestamp());
        }
    }
}
