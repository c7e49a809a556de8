using System.Diagnostics;
using Oslo.Messaging.Interop.Tests.PythonServer;
using Oslo.Messaging.Interop.Tests.Support;

namespace Oslo.Messaging.Interop.Tests.Telemetry;

/// <summary>
/// A .NET client with instrumentation on and an active trace sends <c>_context_traceparent</c> and
/// <c>_context_tracestate</c> in the request context: real oslo.messaging servers still answer, receive the keys as
/// two more context entries, and oslo.context (what OpenStack services build their context with) ignores them.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PythonServersCollection.Name)]
public sealed class PythonServerTraceContextTests(PythonServersFixture servers)
{
    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallWithActiveTrace_PythonServerAnswers_AndSeesTheClientSpanAsParent(string oslo)
    {
        using var trace = new TraceCapture();
        using var root = trace.StartRoot("interop test");
        var client = servers[oslo].Client();

        var seen = await client.CallAsync(PythonServersFixture.Context(), "echo_ctxt");
        var sum = await client.CallAsync<int>(PythonServersFixture.Context(), "add", new { a = 2, b = 3 });
        var made = await client.CallAsync(PythonServersFixture.Context(), "oslo_context");

        var call = await trace.SpanAsync("call " + servers[oslo].Topic);
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal(root.SpanId, call.ParentSpanId);
        Assert.Equal($"00-{trace.TraceId}-{call.SpanId}-01", seen.GetProperty("traceparent").GetString());
        Assert.Equal("interop=1", seen.GetProperty("tracestate").GetString());
        Assert.Equal("alice", seen.GetProperty("user").GetString());
        Assert.Equal(5, sum);
        Assert.Equal("alice", made.GetProperty("user").GetString());
        Assert.Equal("req-1", made.GetProperty("request_id").GetString());
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CastWithActiveTrace_PythonServerTakesIt(string oslo)
    {
        using var trace = new TraceCapture();
        using var root = trace.StartRoot("interop test");
        var client = servers[oslo].Client().Prepare(server: "s2");
        var kind = "traced-" + Guid.NewGuid().ToString("N");

        await client.CastAsync(PythonServersFixture.Context(), "note", new { kind });

        // The server noted it: the cast (with its trace keys) was taken and executed.
        var notes = await Poll.UntilAsync(() => client.CallAsync<string[]>(new RequestContext(), "notes"), n => n.Contains(kind),
            PythonServersFixture.Patience, n => $"s2 notes [{string.Join(", ", n)}] lack {kind}; {servers[oslo].ServersStderr}");
        Assert.Equal(ActivityKind.Producer, (await trace.SpanAsync("cast " + servers[oslo].Topic)).Kind);
        Assert.Contains(kind, notes);
    }
}
