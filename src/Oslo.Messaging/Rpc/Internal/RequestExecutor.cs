using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Serialization;
using Oslo.Messaging.Telemetry;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// The execution half of a server's message path: runs one accepted request to the end — heartbeats, dispatch,
/// telemetry, reply. Never throws: whatever fails is logged once with the message id and, for a call, answered with
/// a failure, so a worker survives any request. An endpoint created per request (<see cref="RpcEndpointActivator"/>)
/// lives in a scope that begins once the method is found and ends after the reply was sent.
/// </summary>
internal sealed class RequestExecutor(Transport transport, Target target, RpcDispatcher dispatcher, RpcEndpointActivator? activator,
    RpcSerializer serializer, ReplySender replies, ILogger logger)
{
    private readonly string _system = MessagingTelemetry.SystemOf(transport);
    private readonly string _topic = target.Topic!;

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
        using var activity = MessagingTelemetry.StartServer(request.Method, request.Namespace, request.MessageId, request.IsCall, request.Context, _topic, _system);
        var started = transport.TimeProvider.GetTimestamp();
        var metricMethod = MessagingTelemetry.UnknownMethod;
        object? result = null;
        var resultType = typeof(object);
        Exception? failure = null;
        var context = request.Context;
        RpcEndpointScope? scope = null;
        try
        {
            try
            {
                context = serializer.DeserializeContext(request.Context);
                var (endpoint, method) = dispatcher.Find(request.Method, request.Namespace, request.Version);
                metricMethod = method.WireName;
                resultType = method.ResultType;
                object instance;
                if (endpoint.IsActivated)
                {
                    // A failing activation (an endpoint constructor, a missing service) is this request's failure only.
                    scope = activator!.BeginRequest(context);
                    instance = scope.GetEndpoint(endpoint.EndpointType);
                }
                else
                {
                    instance = endpoint.Instance;
                }

                try
                {
                    result = await method.InvokeAsync(instance, context, request.Args, serializer).ConfigureAwait(false);
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

            MessagingTelemetry.RecordServer(metricMethod, _topic, _system, failure, transport.TimeProvider.GetElapsedTime(started), activity);
            if (!request.IsCall)
            {
                return;
            }

            if (failure is not null)
            {
                await replies.SendFailureAsync(request.MessageId!, request.ReplyQueue!, failure).ConfigureAwait(false);
                return;
            }

            // Encoded before the scope ends: a result may still read from per-request services while serialized.
            await replies.SendResultAsync(request, result, resultType, context).ConfigureAwait(false);
        }
        finally
        {
            if (scope is not null)
            {
                await scope.DisposeAsync().ConfigureAwait(false);
            }
        }
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
