using System.Diagnostics;
using System.Diagnostics.Metrics;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Telemetry;

/// <summary>
/// The library's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>Oslo.Messaging</c>.
/// Spans, metrics and attributes follow the OpenTelemetry messaging semantic conventions (span names
/// <c>call &lt;topic&gt;</c>, <c>cast &lt;topic&gt;</c>, <c>process &lt;topic&gt;</c>; <c>messaging.system</c>,
/// <c>messaging.operation.type</c>, <c>messaging.operation.name</c>, <c>messaging.destination.name</c>,
/// <c>messaging.message.id</c>, <c>error.type</c>) with the RPC ones on top (<c>rpc.system</c>, <c>rpc.method</c>,
/// <c>rpc.service</c>). Nothing is recorded unless a listener (an OpenTelemetry SDK, dotnet-counters ...) subscribes.
/// </summary>
/// <remarks>
/// A call or cast carries its span's W3C trace context in the request context under <see cref="TraceParentKey"/> and
/// <see cref="TraceStateKey"/> (on the wire <c>_context_traceparent</c>, <c>_context_tracestate</c>): a server of this
/// library continues the trace; a Python peer receives two more context keys and ignores them, as it does any key it
/// does not know. Details: docs/hosting.md, "Telemetry".
/// </remarks>
public static class MessagingTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "Oslo.Messaging";

    /// <summary>Value of the <c>rpc.system</c> attribute.</summary>
    public const string RpcSystem = "oslo_messaging";

    /// <summary>The request-context key carrying the caller's W3C <c>traceparent</c>.</summary>
    public const string TraceParentKey = "traceparent";

    /// <summary>The request-context key carrying the caller's W3C <c>tracestate</c> (only when it has one).</summary>
    public const string TraceStateKey = "tracestate";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    /// <summary>Calls and casts sent (semantic-convention name), by operation, destination, method and error type.</summary>
    internal static readonly Counter<long> ClientSent = Meter.CreateCounter<long>("messaging.client.sent.messages", "{message}", "RPC calls and casts sent");

    /// <summary>Duration of a call (send to reply) or a cast (send).</summary>
    internal static readonly Histogram<double> ClientDuration = Meter.CreateHistogram<double>(
        "messaging.client.operation.duration", "s", "Duration of RPC calls (until the reply) and casts (until sent)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary>Requests a server consumed and processed.</summary>
    internal static readonly Counter<long> ServerConsumed = Meter.CreateCounter<long>("messaging.client.consumed.messages", "{message}", "RPC requests a server processed");

    /// <summary>Duration of server-side processing, from dispatch to reply sent.</summary>
    internal static readonly Histogram<double> ServerDuration = Meter.CreateHistogram<double>(
        "messaging.process.duration", "s", "Duration of RPC request processing",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary>Messages a server rejected as malformed or duplicate.</summary>
    internal static readonly Counter<long> RejectedMessages = Meter.CreateCounter<long>("rpc.server.rejected_messages", "{message}", "Messages rejected as malformed or duplicate");

    /// <summary>The <c>rpc.method</c> tag of a server request whose method no endpoint has: peers choose method names,
    /// and a tag per random name would grow the meter's series without bound.</summary>
    internal const string UnknownMethod = "_unknown";

    // The boundaries the conventions recommend for messaging durations.
    private static double[] DurationBuckets => [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>The <c>messaging.system</c> value of a transport: <c>rabbitmq</c> for <c>rabbit://</c> and
    /// <c>kombu://</c> (the conventions' well-known name), otherwise the URL's driver name.</summary>
    internal static string SystemOf(Transport transport) =>
        transport.Url.Driver is "rabbit" or "kombu" ? "rabbitmq" : transport.Url.Driver;

    internal static Activity? StartClient(string method, Target target, bool isCall, string system)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var operation = isCall ? "call" : "cast";
        var activity = Source.StartActivity(operation + " " + target.Topic, isCall ? ActivityKind.Client : ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", system);
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", operation);
            activity.SetTag("messaging.destination.name", target.Server is null ? target.Topic : target.Topic + "." + target.Server);
            activity.SetTag("rpc.system", RpcSystem);
            activity.SetTag("rpc.method", method);
            activity.SetTag("rpc.service", target.Namespace);
        }

        return activity;
    }

    /// <summary>Starts a server span, the child of the caller's span when the context carries a valid <c>traceparent</c>.</summary>
    internal static Activity? StartServer(string method, string? ns, string? messageId, bool isCall, RequestContext wireContext, string topic, string system)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(wireContext.GetString(TraceParentKey), wireContext.GetString(TraceStateKey), isRemote: true, out var parent);
        var activity = Source.StartActivity("process " + topic, isCall ? ActivityKind.Server : ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", system);
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.message.id", messageId);
            activity.SetTag("rpc.system", RpcSystem);
            activity.SetTag("rpc.method", method);
            activity.SetTag("rpc.service", ns);
        }

        return activity;
    }

    /// <summary>The <c>error.type</c> of a failure: the exception's full type name.</summary>
    internal static string? ErrorType(Exception? error) => error?.GetType().FullName;

    /// <summary>Records one client call or cast: the sent counter and the duration.</summary>
    internal static void RecordClient(string method, Target target, bool isCall, string system, Exception? error, TimeSpan duration, Activity? activity)
    {
        if (ClientSent.Enabled || ClientDuration.Enabled)
        {
            var tags = new TagList
            {
                { "messaging.system", system },
                { "messaging.operation.name", isCall ? "call" : "cast" },
                { "messaging.destination.name", target.Topic },
                { "rpc.method", method },
            };
            if (error is not null)
            {
                tags.Add("error.type", ErrorType(error));
            }

            ClientSent.Add(1, tags);
            ClientDuration.Record(duration.TotalSeconds, tags);
        }

        if (error is not null)
        {
            activity?.SetTag("error.type", ErrorType(error));
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        }
    }

    /// <summary>Records one processed server request; <paramref name="method"/> must be a method some endpoint has, or
    /// <see cref="UnknownMethod"/>.</summary>
    internal static void RecordServer(string method, string topic, string system, Exception? error, TimeSpan duration, Activity? activity)
    {
        if (ServerConsumed.Enabled || ServerDuration.Enabled)
        {
            var tags = new TagList
            {
                { "messaging.system", system },
                { "messaging.operation.name", "process" },
                { "messaging.destination.name", topic },
                { "rpc.method", method },
            };
            if (error is not null)
            {
                tags.Add("error.type", ErrorType(error));
            }

            ServerConsumed.Add(1, tags);
            ServerDuration.Record(duration.TotalSeconds, tags);
        }

        if (error is not null)
        {
            activity?.SetTag("error.type", ErrorType(error));
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        }
    }

    /// <summary>Records a message a server dropped before dispatch (<c>malformed</c>, <c>duplicate</c>).</summary>
    internal static void RecordRejected(string reason) => RejectedMessages.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
