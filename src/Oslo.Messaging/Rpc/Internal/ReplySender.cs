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
internal sealed class ReplySender(Transport transport, RpcSerializer serializer, ILogger logger)
{
    // How long a reply may take to reach the broker before it is given up (oslo retries a missing queue for 60 s).
    private static readonly TimeSpan ReplySendTimeout = TimeSpan.FromSeconds(75);
    private static readonly SendOptions ReplyOptions = new(Mandatory: true);
    private readonly RemoteExceptionRegistry _exceptions = transport.RemoteExceptions;

    public async Task SendResultAsync(IncomingRequest request, object? result, Type resultType, RequestContext context)
    {
        using var buffer = new PooledBufferWriter(512);
        try
        {
            ReplyCodec.EncodeResult(buffer, request.MessageId!, result, resultType, context, serializer);
        }
        catch (Exception ex)
        {
            // The result could not be serialized: the caller gets that as the failure, as oslo's would.
            RpcLog.HandlerFailed(logger, request.Method, request.MessageId!, ex);
            await SendFailureAsync(request.MessageId!, request.ReplyQueue!, ex).ConfigureAwait(false);
            return;
        }

        await SendAsync(request.MessageId!, request.ReplyQueue!, buffer.WrittenMemory, ReplySendTimeout, CancellationToken.None).ConfigureAwait(false);
    }

    public async Task SendFailureAsync(string messageId, string replyQueue, Exception failure, CancellationToken cancellationToken = default)
    {
        using var buffer = new PooledBufferWriter(1024);
        ReplyCodec.EncodeFailure(buffer, messageId, FailureCodec.EncodeSafely(failure, _exceptions));
        await SendAsync(messageId, replyQueue, buffer.WrittenMemory, ReplySendTimeout, cancellationToken).ConfigureAwait(false);
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

    private async Task SendAsync(string messageId, string replyQueue, ReadOnlyMemory<byte> body, TimeSpan timeout, CancellationToken cancellationToken)
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
