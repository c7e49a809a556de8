using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Serialization;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// A server's replies: results, failures and call-monitor heartbeats, each encoded and sent to the caller's reply
/// queue within a deadline. Never throws: a reply that cannot be encoded falls back to a plain failure, and one that
/// cannot be sent is logged.
/// </summary>
internal sealed class ReplySender(Transport transport, RpcSerializer serializer, TrackedTasks pendingReplies, ILogger logger)
{
    // How long a worker waits for its reply to reach the broker before it hands the wait over to the pending replies.
    private static readonly TimeSpan HandOverAfter = TimeSpan.FromMilliseconds(250);
    // How long a reply may take to reach the broker before it is given up (oslo retries a missing queue for 60 s).
    private static readonly TimeSpan ReplySendTimeout = TimeSpan.FromSeconds(75);
    private static readonly SendOptions ReplyOptions = new(Mandatory: true);
    private readonly RemoteExceptionRegistry _exceptions = transport.RemoteExceptions;

    public async Task SendResultAsync(IncomingRequest request, object? result, Type resultType, RequestContext context)
    {
        var buffer = PooledBufferWriter.Rent(512);
        try
        {
            ReplyCodec.EncodeResult(buffer, request.MessageId!, result, resultType, context, serializer);
        }
        catch (Exception ex)
        {
            // The result could not be serialized: the caller gets that as the failure, as oslo's would.
            buffer.Dispose();
            RpcLog.HandlerFailed(logger, request.Method, request.MessageId!, ex);
            await SendFailureAsync(request.MessageId!, request.ReplyQueue!, ex).ConfigureAwait(false);
            return;
        }

        await SendOrHandOverAsync(request.MessageId!, request.ReplyQueue!, buffer).ConfigureAwait(false);
    }

    /// <summary>A failure reply from a worker: handed over to the pending replies if slow.</summary>
    public async Task SendFailureAsync(string messageId, string replyQueue, Exception failure)
    {
        var buffer = new PooledBufferWriter(1024);
        ReplyCodec.EncodeFailure(buffer, messageId, FailureCodec.EncodeSafely(failure, _exceptions));
        await SendOrHandOverAsync(messageId, replyQueue, buffer).ConfigureAwait(false);
    }

    /// <summary>A failure reply sent as side work (a malformed request): <paramref name="cancellationToken"/> abandons it.</summary>
    public async Task SendFailureAsync(string messageId, string replyQueue, Exception failure, CancellationToken cancellationToken)
    {
        using var buffer = new PooledBufferWriter(1024);
        ReplyCodec.EncodeFailure(buffer, messageId, FailureCodec.EncodeSafely(failure, _exceptions));
        await SendAsync(messageId, replyQueue, buffer.WrittenMemory, ReplySendTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="buffer"/> (and disposes it); a send still running after <see cref="HandOverAfter"/>
    /// (a missing reply queue being retried) goes on without the worker, unless too many already do.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // awaited once: pooled, not a state machine per reply
    private async ValueTask SendOrHandOverAsync(string messageId, string replyQueue, PooledBufferWriter buffer)
    {
        var send = SendAndReleaseAsync(messageId, replyQueue, buffer);
        if (send.IsCompleted)
        {
            return;
        }

        try
        {
            await send.WaitAsync(HandOverAfter, transport.TimeProvider).ConfigureAwait(false);
            return;
        }
        catch (TimeoutException) when (pendingReplies.TryAdd(send))
        {
            return;
        }
        catch (TimeoutException)
        {
            // The pending replies are full: this worker waits, which slows intake down (back-pressure).
        }

        await send.ConfigureAwait(false);
    }

    private async Task SendAndReleaseAsync(string messageId, string replyQueue, PooledBufferWriter buffer)
    {
        using (buffer)
        {
            await SendAsync(messageId, replyQueue, buffer.WrittenMemory, ReplySendTimeout, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>One heartbeat; it is late, and so useless, after <paramref name="interval"/>.</summary>
    /// <returns>False when it could not be sent.</returns>
    public async Task<bool> SendHeartbeatAsync(string messageId, string replyQueue, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var buffer = new PooledBufferWriter(256);
        ReplyCodec.EncodeHeartbeat(buffer, messageId);
        try
        {
            await DeadlineSend.SendAsync(transport, Destination.ToReply(replyQueue), buffer.WrittenMemory, ReplyOptions, interval, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            RpcLog.HeartbeatFailed(logger, messageId, ex); // oslo: a failed heartbeat stops the watchdog.
            return false;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // awaited once: pooled, not a state machine per reply
    private async ValueTask SendAsync(string messageId, string replyQueue, ReadOnlyMemory<byte> body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await DeadlineSend.SendAsync(transport, Destination.ToReply(replyQueue), body, ReplyOptions, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RpcLog.ReplyFailed(logger, replyQueue, messageId, ex);
        }
    }
}
