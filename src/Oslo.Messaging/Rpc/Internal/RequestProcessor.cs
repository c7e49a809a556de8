using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Telemetry;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// One server run's message path: decode and vet each message as it arrives (malformed ones are logged and, when they
/// carry a reply address, answered with a failure), drop duplicates, queue the rest; then dispatch, heartbeat and reply.
/// </summary>
internal sealed class RequestProcessor(Transport transport, RpcDispatcher dispatcher, RpcServerOptions options, ILogger logger)
    : IMessageHandler
{
    // How long a reply may take to reach the broker before it is given up (oslo retries a missing queue for 60 s).
    private static readonly TimeSpan ReplySendTimeout = TimeSpan.FromSeconds(75);
    private readonly DuplicateFilter _duplicates = new();
    private readonly RemoteExceptionRegistry _exceptions = transport.RemoteExceptions;

    public WorkQueue? Work { get; set; }

    public int MaxConcurrency => options.Executor.MaxConcurrency;

    public async ValueTask HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        IncomingRequest request;
        try
        {
            request = Decode(message);
        }
        catch (MalformedRequestException ex)
        {
            RpcLog.MalformedRequest(logger, message.Source, ex.Message, message.Body.Length);
            MessagingTelemetry.RejectedMessages.Add(1, new KeyValuePair<string, object?>("reason", "malformed"));
            if (ex.MessageId is not null && ex.ReplyQueue is not null)
            {
                // Off the consumer path: a reply to a missing queue is retried for up to a minute (oslo's rule), and the
                // queue must not stall behind it. Tracked, so WaitAsync waits for it, but abandons its retries.
                var (messageId, replyQueue, failure) = (ex.MessageId, ex.ReplyQueue, ex.ToWire());
                Work!.Track(stop => SendFailureAsync(messageId, replyQueue, failure, stop));
            }

            return;
        }

        if (!_duplicates.TryAccept(request.UniqueId))
        {
            RpcLog.Duplicate(logger, request.UniqueId!);
            MessagingTelemetry.RejectedMessages.Add(1, new KeyValuePair<string, object?>("reason", "duplicate"));
            return;
        }

        await Work!.EnqueueAsync(request, CancellationToken.None).ConfigureAwait(false);
    }

    private static IncomingRequest Decode(IncomingMessage message)
    {
        JsonElement body;
        string? unsupportedEnvelope;
        try
        {
            (body, unsupportedEnvelope) = Envelope.Open(message.Body.Span);
        }
        catch (MessagingException ex)
        {
            throw new MalformedRequestException(ex.Message, null, null);
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedRequestException($"the message is a JSON {body.ValueKind}, not an object", null, null);
        }

        var request = IncomingRequest.Decode(body);
        if (unsupportedEnvelope is not null)
        {
            throw new MalformedRequestException($"unsupported envelope version {unsupportedEnvelope} (this server speaks {Envelope.Version})", request.MessageId, request.ReplyQueue);
        }

        if (message.ContentType is { } type && !type.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new MalformedRequestException($"content type '{type}' is not application/json", request.MessageId, request.ReplyQueue);
        }

        return request;
    }

    /// <summary>Runs one request to the end. Never throws: a worker must survive any request.</summary>
    public async Task ProcessAsync(IncomingRequest request)
    {
        using var heartbeat = request.IsCall ? CallMonitorHeartbeat.Start(request, transport, logger) : null;
        using var activity = MessagingTelemetry.StartServer(request.Method, request.Namespace);
        var started = transport.TimeProvider.GetTimestamp();
        object? result = null;
        Type resultType = typeof(object);
        Exception? failure = null;
        RequestContext context = request.Context;
        try
        {
            context = options.Serializer.DeserializeContext(request.Context);
            var (endpoint, method) = dispatcher.Find(request.Method, request.Namespace, request.Version);
            resultType = method.ResultType;
            try
            {
                result = await method.InvokeAsync(endpoint.Instance, context, request.Args, options.Serializer).ConfigureAwait(false);
            }
            catch (Exception ex) when (method.IsExpected(ex))
            {
                RpcLog.ExpectedFailure(logger, request.Method, ex.Message);
                failure = ex;
            }
        }
        catch (Exception ex)
        {
            if (ex is not (NoSuchMethodException or UnsupportedVersionException or RpcArgumentException)
                || !request.Method.EndsWith("_ignore_errors", StringComparison.Ordinal))
            {
                RpcLog.HandlerFailed(logger, request.Method, ex);
            }

            failure = ex;
        }

        if (heartbeat is not null)
        {
            await heartbeat.StopAsync().ConfigureAwait(false); // No heartbeat may follow the final reply (oslo's leak).
        }

        Record(request.Method, failure, started, activity);

        if (!request.IsCall)
        {
            return;
        }

        if (failure is not null)
        {
            await SendFailureAsync(request.MessageId!, request.ReplyQueue!, failure).ConfigureAwait(false);
            return;
        }

        await SendResultAsync(request, result, resultType, context).ConfigureAwait(false);
    }

    private void Record(string method, Exception? failure, long started, System.Diagnostics.Activity? activity)
    {
        var tags = new System.Diagnostics.TagList { { "rpc.method", method }, { "rpc.outcome", MessagingTelemetry.Outcome(failure) } };
        MessagingTelemetry.ServerRequests.Add(1, tags);
        if (MessagingTelemetry.ServerDuration.Enabled)
        {
            MessagingTelemetry.ServerDuration.Record(transport.TimeProvider.GetElapsedTime(started).TotalSeconds, tags);
        }

        if (failure is not null)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failure.Message);
        }
    }

    private async Task SendResultAsync(IncomingRequest request, object? result, Type resultType, RequestContext context)
    {
        using var buffer = new PooledBufferWriter(512);
        try
        {
            ReplyCodec.EncodeResult(buffer, request.MessageId!, result, resultType, context, options.Serializer);
        }
        catch (Exception ex)
        {
            // The result could not be serialized: the caller gets that as the failure, as oslo's would.
            RpcLog.HandlerFailed(logger, request.Method, ex);
            await SendFailureAsync(request.MessageId!, request.ReplyQueue!, ex).ConfigureAwait(false);
            return;
        }

        await SendReplyAsync(request.MessageId!, request.ReplyQueue!, buffer.WrittenMemory).ConfigureAwait(false);
    }

    private async Task SendFailureAsync(string messageId, string replyQueue, Exception failure, CancellationToken cancellationToken = default)
    {
        using var buffer = new PooledBufferWriter(1024);
        ReplyCodec.EncodeFailure(buffer, messageId, FailureCodec.Encode(failure, _exceptions));
        await SendReplyAsync(messageId, replyQueue, buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendReplyAsync(string messageId, string replyQueue, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        try
        {
            // The timer is armed only if the send does not complete at once (see RpcClient.SendAsync).
            using var timeout = Deadline.Unarmed(transport.TimeProvider);
            using var abandon = cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timeout) : default;
            var send = transport.Driver.SendAsync(Destination.ToReply(replyQueue), body, new SendOptions(Mandatory: true), timeout.Token);
            if (!send.IsCompleted)
            {
                timeout.CancelAfter(ReplySendTimeout);
            }

            await send.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RpcLog.ReplyFailed(logger, replyQueue, messageId, ex);
        }
    }
}
