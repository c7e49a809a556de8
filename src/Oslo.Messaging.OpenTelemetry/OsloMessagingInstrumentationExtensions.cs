using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Oslo.Messaging.Telemetry;

namespace OpenTelemetry;

/// <summary>
/// Subscribes the OpenTelemetry SDK to Oslo.Messaging's <see cref="System.Diagnostics.ActivitySource"/> and
/// <see cref="System.Diagnostics.Metrics.Meter"/> (both <see cref="MessagingTelemetry.Name"/>). A separate package, so
/// the core library stays free of any OpenTelemetry dependency: it only uses <c>System.Diagnostics</c>.
/// </summary>
public static class OsloMessagingInstrumentationExtensions
{
    /// <summary>Collects the spans of calls, casts and server processing (<c>call &lt;topic&gt;</c>,
    /// <c>cast &lt;topic&gt;</c>, <c>process &lt;topic&gt;</c>).</summary>
    public static TracerProviderBuilder AddOsloMessagingInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(MessagingTelemetry.Name);
    }

    /// <summary>Collects the metrics: <c>messaging.client.sent.messages</c>, <c>messaging.client.operation.duration</c>,
    /// <c>messaging.client.consumed.messages</c>, <c>messaging.process.duration</c>, <c>rpc.server.rejected_messages</c>.</summary>
    public static MeterProviderBuilder AddOsloMessagingInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(MessagingTelemetry.Name);
    }
}
