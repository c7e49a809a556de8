using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Oslo.Messaging.Telemetry;

/// <summary>
/// The library's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>Oslo.Messaging</c>.
/// Tags follow the OpenTelemetry RPC and messaging conventions (<c>rpc.system</c>, <c>rpc.method</c>, <c>messaging.*</c>).
/// Nothing is recorded unless a listener (an OpenTelemetry SDK, dotnet-counters ...) subscribes.
/// </summary>
public static class MessagingTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "Oslo.Messaging";

    /// <summary>Value of the <c>rpc.system</c> tag.</summary>
    public const string RpcSystem = "oslo_messaging";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    /// <summary>Client calls and casts sent, tagged by <c>rpc.method</c> and outcome.</summary>
    internal static readonly Counter<long> ClientRequests = Meter.CreateCounter<long>("rpc.client.requests", "{request}", "RPC calls and casts sent");

    /// <summary>Duration of client calls, from send to reply.</summary>
    internal static readonly Histogram<double> ClientDuration = Meter.CreateHistogram<double>("rpc.client.duration", "s", "Duration of RPC calls");

    /// <summary>Requests a server processed, tagged by <c>rpc.method</c> and outcome.</summary>
    internal static readonly Counter<long> ServerRequests = Meter.CreateCounter<long>("rpc.server.requests", "{request}", "RPC requests processed");

    /// <summary>Duration of server-side processing, from dispatch to reply sent.</summary>
    internal static readonly Histogram<double> ServerDuration = Meter.CreateHistogram<double>("rpc.server.duration", "s", "Duration of RPC request processing");

    /// <summary>Messages a server rejected as malformed or duplicate.</summary>
    internal static readonly Counter<long> RejectedMessages = Meter.CreateCounter<long>("rpc.server.rejected_messages", "{message}", "Messages rejected as malformed or duplicate");

    internal static Activity? StartClient(string method, Target target, bool isCall)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(isCall ? "call " + method : "cast " + method, ActivityKind.Client);
        activity?.SetTag("rpc.system", RpcSystem);
        activity?.SetTag("rpc.method", method);
        activity?.SetTag("rpc.service", target.Namespace);
        activity?.SetTag("messaging.destination.name", target.Server is null ? target.Topic : target.Topic + "." + target.Server);
        return activity;
    }

    internal static Activity? StartServer(string method, string? ns)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("handle " + method, ActivityKind.Server);
        activity?.SetTag("rpc.system", RpcSystem);
        activity?.SetTag("rpc.method", method);
        activity?.SetTag("rpc.service", ns);
        return activity;
    }

    /// <summary>The <c>rpc.method</c> tag of a server request whose method no endpoint has: peers choose method names,
    /// and a tag per random name would grow the meter's series without bound.</summary>
    internal const string UnknownMethod = "_unknown";

    internal static string Outcome(Exception? error) => error is null ? "ok" : error.GetType().Name;

    /// <summary>Records one client call or cast: the request counter and, for calls, the duration.</summary>
    internal static void RecordClient(string method, Exception? error, TimeSpan? duration, Activity? activity)
    {
        var tags = new TagList { { "rpc.method", method }, { "rpc.outcome", Outcome(error) } };
        ClientRequests.Add(1, tags);
        if (duration is { } elapsed && ClientDuration.Enabled)
        {
            ClientDuration.Record(elapsed.TotalSeconds, tags);
        }

        if (error is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        }
    }

    /// <summary>Records one processed server request; <paramref name="method"/> must be a method some endpoint has, or
    /// <see cref="UnknownMethod"/>.</summary>
    internal static void RecordServer(string method, Exception? error, TimeSpan duration, Activity? activity)
    {
        var tags = new TagList { { "rpc.method", method }, { "rpc.outcome", Outcome(error) } };
        ServerRequests.Add(1, tags);
        if (ServerDuration.Enabled)
        {
            ServerDuration.Record(duration.TotalSeconds, tags);
        }

        if (error is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        }
    }

    /// <summary>Records a message a server dropped before dispatch (<c>malformed</c>, <c>duplicate</c>).</summary>
    internal static void RecordRejected(string reason) => RejectedMessages.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
