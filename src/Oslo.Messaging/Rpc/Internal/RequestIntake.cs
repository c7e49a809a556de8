using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Telemetry;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// The intake half of a server's message path: decode and vet each message as the transport hands it over, drop
/// duplicates, queue the rest for the executor. A malformed message is logged and, when it carries a reply address,
/// answered with a failure. Never throws: the transport's consumer must keep consuming whatever a peer sends.
/// With <paramref name="inline"/> (the pooled executor), a request is started right here on the consumer's thread when
/// the executor has a free slot (see <see cref="InlinePace"/> for when it is not).
/// </summary>
internal sealed class RequestIntake(WorkQueue<IncomingRequest> work, ReplySender replies, RequestLimits limits, ILogger logger, bool inline = false) : IMessageHandler
{
    private readonly DuplicateFilter _duplicates = new();
    private readonly InlinePace? _pace = inline ? new InlinePace() : null;

    public int MaxConcurrency => work.Workers;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // Pooled state machine: one less allocation per message (bench/results/NOTES.md).
    public async ValueTask HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        DecodedRequest decoded;
        try
        {
            decoded = RequestDecoder.Decode(message, limits);
        }
        catch (Exception ex)
        {
            // The decoder reports bad input as a result; an exception here is a defect, still no reason to stop.
            decoded = DecodedRequest.Bad($"could not be decoded ({ex.GetType().Name}: {ex.Message})", null, null);
        }

        if (decoded.Malformed is { } malformed)
        {
            Reject(message, malformed);
            return;
        }

        var request = decoded.Request!;
        if (!_duplicates.TryAccept(request.UniqueId))
        {
            RpcLog.Duplicate(logger, request.UniqueId!);
            MessagingTelemetry.RecordRejected("duplicate");
            return;
        }

        if (_pace is not null && _pace.MayRunInline(request.Method))
        {
            var started = _pace.Now();
            if (work.TryRunInline(request))
            {
                if (_pace.Record(request.Method, started) is { } demotion)
                {
                    RpcLog.InlineDemoted(logger, request.Method, demotion.Held.TotalMilliseconds, demotion.Probation.TotalSeconds);
                }

                return;
            }
        }

        await work.EnqueueAsync(request, CancellationToken.None).ConfigureAwait(false);
    }

    private void Reject(IncomingMessage message, MalformedRequest malformed)
    {
        RpcLog.MalformedRequest(logger, message.Source, malformed.Problem, malformed.MessageId ?? "(none)", message.Body.Length);
        MessagingTelemetry.RecordRejected("malformed");
        if (!malformed.CanReply)
        {
            return;
        }

        // Off the consumer path: a reply to a missing queue is retried for up to a minute (oslo's rule), and the
        // queue must not stall behind it. Bounded, so a flood of malformed requests naming random reply queues
        // cannot pile up background sends; WaitAsync waits for them, but abandons their retries.
        var (messageId, replyQueue) = (malformed.MessageId!, malformed.ReplyQueue!);
        var failure = new MalformedMessageException($"Malformed request: {malformed.Problem}");
        if (!work.TryTrack(stop => replies.SendFailureAsync(messageId, replyQueue, failure, stop)))
        {
            RpcLog.MalformedReplyDropped(logger, messageId, WorkQueue<IncomingRequest>.MaxSideWork);
        }
    }
}
