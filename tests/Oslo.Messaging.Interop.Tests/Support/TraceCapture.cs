using System.Diagnostics;
using Oslo.Messaging.Telemetry;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>
/// Turns the library's instrumentation on for one trace only: an <see cref="ActivityListener"/> on the
/// <c>Oslo.Messaging</c> source that records the spans of <see cref="TraceId"/> and samples every other one out, so
/// tests running in parallel (whose context keys some assert exactly) get no trace context keys.
/// </summary>
internal sealed class TraceCapture : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly List<Activity> _stopped = [];
    private readonly SemaphoreSlim _added = new(0);

    public TraceCapture()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MessagingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.TraceId == TraceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                lock (_stopped)
                {
                    _stopped.Add(activity);
                }

                _added.Release();
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The one trace recorded.</summary>
    public ActivityTraceId TraceId { get; } = ActivityTraceId.CreateRandom();

    /// <summary>A caller's span in <see cref="TraceId"/> (as a remote caller's traceparent would name it).</summary>
    public ActivitySpanId CallerSpanId { get; } = ActivitySpanId.CreateRandom();

    /// <summary>The W3C traceparent of <see cref="CallerSpanId"/>.</summary>
    public string TraceParent => $"00-{TraceId}-{CallerSpanId}-01";

    /// <summary>Starts a local root activity in <see cref="TraceId"/>, current until disposed (the test's own work).</summary>
    public Activity StartRoot(string name)
    {
        var root = new Activity(name);
        root.SetParentId(TraceId, CallerSpanId, ActivityTraceFlags.Recorded);
        root.TraceStateString = "interop=1";
        return root.Start();
    }

    /// <summary>Waits until a span named <paramref name="name"/> stopped (a server span stops after its reply was sent,
    /// so it may trail the reply by a moment).</summary>
    public async Task<Activity> SpanAsync(string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            lock (_stopped)
            {
                if (_stopped.FirstOrDefault(a => a.DisplayName == name) is { } span)
                {
                    return span;
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _added.WaitAsync(left))
            {
                lock (_stopped)
                {
                    Assert.Fail($"no span \"{name}\" within 10 s; recorded: {string.Join(", ", _stopped.Select(a => a.DisplayName))}");
                }
            }
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _added.Dispose();
    }
}
