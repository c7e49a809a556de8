using System.Diagnostics;
using Oslo.Messaging.Interop.Tests.DotNetServer;
using Oslo.Messaging.Interop.Tests.Support;

namespace Oslo.Messaging.Interop.Tests.Telemetry;

/// <summary>
/// A real oslo.messaging client whose request context carries <c>traceparent</c>/<c>tracestate</c> (as a Python
/// service forwarding a context it received from a .NET caller does) calls a .NET server with instrumentation on: the
/// call is answered, and the server's span continues the caller's trace.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DotNetServersCollection.Name)]
public sealed class DotNetServerTraceContextTests(DotNetServersFixture servers)
{
    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task PythonCallWithTraceContext_DotNetServerAnswers_AndItsSpanIsTheCallersChild(string oslo)
    {
        using var trace = new TraceCapture();
        var context = new { user = "alice", request_id = "req-1", traceparent = trace.TraceParent, tracestate = "congo=t61rcWkgMzE" };

        var seen = (await servers.RunAsync(servers.Call(oslo, "echo_ctxt") with { Context = context })).AssertOk();
        var sum = (await servers.RunAsync(servers.Call(oslo, "add") with { Context = context, Args = new { a = 2, b = 3 } })).AssertOk();

        Assert.Equal(trace.TraceParent, seen.GetProperty("traceparent").GetString());
        Assert.Equal("alice", seen.GetProperty("user").GetString());
        Assert.Equal(5, sum.GetInt32());
        var span = await trace.SpanAsync("process " + servers.Topic);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal(trace.TraceId, span.TraceId);
        Assert.Equal(trace.CallerSpanId, span.ParentSpanId);
        Assert.Equal("congo=t61rcWkgMzE", span.TraceStateString);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task PythonCastWithTraceContext_DotNetServerTakesIt_AndItsSpanIsTheCallersChild(string oslo)
    {
        using var trace = new TraceCapture();
        var kind = "traced-" + Guid.NewGuid().ToString("N");

        (await servers.RunAsync(servers.Call(oslo, "note") with
        {
            Kind = "cast",
            Server = "s1",
            Args = new { kind },
            Context = new { traceparent = trace.TraceParent },
        })).AssertOk();

        await servers.S1Notes.WaitForAsync(kind, TimeSpan.FromSeconds(15));
        var span = await trace.SpanAsync("process " + servers.Topic);
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal(trace.CallerSpanId, span.ParentSpanId);
    }
}
