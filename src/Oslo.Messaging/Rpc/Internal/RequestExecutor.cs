using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Serialization;
using Oslo.Messaging.Telemetry;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// The execution half of a server's message path: runs one accepted request to the end — heartbeats, dispatch,
/// telemetry, reply. Never throws: whatever fails is logged once with the message id and, for a call, answered with
/// a failure, so a worker survives any request.
/// </summary>
internal sealed class RequestExecutor(Transport transport, RpcDispatcher dispatcher, RpcSerializer serializer, ReplySender replies, ILogger logger)
{
    public async Task ProcessAsync(IncomingRequest request)
    {
        CallMonitorHeartbeat? heartbeat = null;
        try
        {
            heartbeat = request.IsCall ? CallMonitorHeartbeat.Start(request, replies, transport.TimeProvider, logger) : null;
            await RunAsync(request, heartbeat).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Everything expected is handled in RunAsync; this is a defect or a peer's value out of .NET's ranges.
            RpcLog.RequestCrashed(logger, request.Method, request.MessageId ?? request.UniqueId ?? "(none)", ex);
            await StopQuietlyAsync(heartbeat).ConfigureAwait(false);
            if (request.IsCall)
            {
                await replies.SendFailureAsync(request.MessageId!, request.ReplyQueue!, ex).ConfigureAwait(false);
            }
        }
        finally
        {
            heartbeat?.Dispose();
        }
    }

    private async Task RunAsync(IncomingRequest request, CallMonitorHeartbeat? heartbeat)
    {
        using var activity = MessagingTelemetry.StartServer(request.Method, request.Namespace);
        var started = transport.TimeProvider.GetTimestamp();
        var metricMethod = MessagingTelemetry.UnknownMethod;
        object? result = null;
        var resultType = typeof(object);
        Exception? failure = null;
        var context = request.Context;
        try
        {
            context = serializer.DeserializeContext(request.Context);
            var (endpoint, method) = dispatcher.Find(request.Method, request.Namespace, request.Version);
            metricMethod = method.WireName;
            resultType = method.ResultType;
            try
            {
                result = await method.InvokeAsync(context, request.Args, serializer).ConfigureAwait(false);
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
                RpcLog.HandlerFailed(logger, request.Method, request.MessageId ?? "(cast)", ex);
            }

            failure = ex;
        }

        if (heartbeat is not null)
        {
            await heartbeat.StopAsync().ConfigureAwait(false); // No heartbeat may follow the final reply (oslo's leak).
        }

        MessagingTelemetry.RecordServer(metricMethod, failure, transport.TimeProvider.GetElapsedTime(started), activity);
        if (!request.IsCall)
        {
            return;
        }

        if (failure is not null)
        {
            await replies.SendFailureAsync(request.MessageId!, request.ReplyQueue!, failure).ConfigureAwait(false);
            return;
        }

        await replies.SendResultAsync(request, result, resultType, context).ConfigureAwait(false);
    }

    private static async Task StopQuietlyAsync(CallMonitorHeartbeat? heartbeat)
    {
        if (heartbeat is null)
        {
            return;
        }

        try
        {
            await heartbeat.StopAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping is what matters; the heartbeat logged its own failure.
        }
    }
}
