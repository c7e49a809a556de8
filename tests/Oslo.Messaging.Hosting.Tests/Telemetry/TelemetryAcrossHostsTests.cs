using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Oslo.Messaging.Hosting.Tests.Support;
using Oslo.Messaging.Memory;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting.Tests.Telemetry;

/// <summary>Two hosts (a caller and a server, as two processes on one broker), each with the OpenTelemetry SDK and an
/// in-memory exporter: the server's span is the child of the caller's, and the metrics have the conventions' names.</summary>
public sealed class TelemetryAcrossHostsTests
{
    // A topic of its own: other tests' spans (the SDK listens process-wide) have other destinations.
    private const string Topic = "telemetry-probe";

    [Fact]
    public async Task Call_BetweenTwoHosts_ServerSpanIsChildOfClientSpan()
    {
        var clientSpans = new List<Activity>();
        var serverSpans = new List<Activity>();
        var broker = new MemoryBroker();
        using var server = await TestHosts.StartAsync(broker, m => m.AddRpcServer<Calculator>(new Target(Topic, server: "s1")),
            s => s.AddOpenTelemetry().WithTracing(t => t.AddOsloMessagingInstrumentation().AddInMemoryExporter(serverSpans)));
        using var caller = await TestHosts.StartAsync(broker, m => m.AddRpcClient("calc", new Target(Topic)),
            s => s.AddOpenTelemetry().WithTracing(t => t.AddOsloMessagingInstrumentation().AddInMemoryExporter(clientSpans)));

        Assert.Equal(3, await caller.Services.GetRequiredKeyedService<RpcClient>("calc")
            .CallAsync<int>(new RequestContext(), "add", new { a = 1, b = 2 }).WaitAsync(TestHosts.Wait));
        await server.StopAsync(); // ends the server's processing, so its span is exported
        await caller.StopAsync();
        caller.Services.GetRequiredService<TracerProvider>().ForceFlush();
        server.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var call = Assert.Single(clientSpans, a => a.DisplayName == "call " + Topic);
        var process = Assert.Single(serverSpans, a => a.DisplayName == "process " + Topic && a.TraceId == call.TraceId);
        Assert.Equal(call.SpanId, process.ParentSpanId);
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal(ActivityKind.Server, process.Kind);
        Assert.Equal("memory", call.GetTagItem("messaging.system"));
        Assert.Equal("send", call.GetTagItem("messaging.operation.type"));
        Assert.Equal("call", call.GetTagItem("messaging.operation.name"));
        Assert.Equal(Topic, call.GetTagItem("messaging.destination.name"));
        Assert.Equal("add", call.GetTagItem("rpc.method"));
        Assert.Equal("process", process.GetTagItem("messaging.operation.type"));
        Assert.Equal(Topic, process.GetTagItem("messaging.destination.name"));
        Assert.Equal(call.GetTagItem("messaging.message.id"), process.GetTagItem("messaging.message.id"));
    }

    [Fact]
    public async Task Call_MetricsHaveConventionNamesAndAttributes()
    {
        var metrics = new List<Metric>();
        var broker = new MemoryBroker();
        using var host = await TestHosts.StartAsync(broker, m => m
                .AddRpcServer<Calculator>(new Target(Topic + "-metrics", server: "s1"))
                .AddRpcClient("calc", new Target(Topic + "-metrics")),
            s => s.AddOpenTelemetry().WithMetrics(b => b.AddOsloMessagingInstrumentation().AddInMemoryExporter(metrics)));

        await host.Services.GetRequiredKeyedService<RpcClient>("calc").CallAsync<int>(new RequestContext(), "add", new { a = 1, b = 2 }).WaitAsync(TestHosts.Wait);
        await host.StopAsync();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var names = metrics.Select(m => m.Name).ToHashSet();
        Assert.Contains("messaging.client.operation.duration", names);
        Assert.Contains("messaging.client.sent.messages", names);
        Assert.Contains("messaging.process.duration", names);
        Assert.Contains("messaging.client.consumed.messages", names);
        // The SDK listens process-wide: other tests' calls are points of the same metric, with other destinations.
        var sent = metrics.Last(m => m.Name == "messaging.client.sent.messages");
        var ours = new List<Dictionary<string, object?>>();
        foreach (ref readonly var point in sent.GetMetricPoints())
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            if (Equals(tags.GetValueOrDefault("messaging.destination.name"), Topic + "-metrics"))
            {
                ours.Add(tags);
            }
        }

        var call = Assert.Single(ours);
        Assert.Equal("call", call["messaging.operation.name"]);
        Assert.Equal("memory", call["messaging.system"]);
        Assert.Equal("add", call["rpc.method"]);
    }
}
