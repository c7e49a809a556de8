using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Hosting.Tests.Support;
using Oslo.Messaging.Memory;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting.Tests.Health;

public sealed class HealthCheckTests
{
    [Fact]
    public async Task RunningServer_ConnectedTransport_Healthy_ThenUnhealthyWhenStopped()
    {
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m
            .AddRpcServer<Calculator>(new Target("health", server: "h1"))
            .AddHealthChecks());
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var running = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, running.Status);
        var entry = running.Entries["oslo_messaging"];
        Assert.Equal("running", entry.Data["rpc server <Target topic=health, server=h1>"]);
        Assert.StartsWith("Connected", (string)entry.Data["transport rpc"], StringComparison.Ordinal);

        await host.StopAsync();
        var stopped = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
        Assert.Contains("stopped", stopped.Entries["oslo_messaging"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableBroker_AfterASendFailed_UnhealthyWithReason_PasswordMasked()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddOsloMessaging(o => o.TransportUrl = "rabbit://guest:s3cret@127.0.0.1:1/")
            .AddRpcClient("c", new Target("t"), o => o with { Retry = 0, Timeout = TimeSpan.FromSeconds(5) })
            .AddHealthChecks(failureStatus: HealthStatus.Degraded);
        using var host = builder.Build();
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status); // idle: nothing connects before first use

        await Assert.ThrowsAsync<MessageDeliveryFailureException>(() =>
            host.Services.GetRequiredKeyedService<RpcClient>("c").CastAsync(new RequestContext(), "m"));
        var down = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, down.Status);
        var description = down.Entries["oslo_messaging"].Description!;
        Assert.Contains("send", description, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", description, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", description, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task ServerThatFailedToStart_IsReported()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddOsloMessaging(o => o.TransportUrl = "memory://")
            .AddRpcServer<Calculator>(new Target("health2", server: "h1"), o => o with { MaxJsonDepth = 0 })
            .AddHealthChecks();
        using var host = builder.Build();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.StartAsync());
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains("failed to start", report.Entries["oslo_messaging"].Description, StringComparison.Ordinal);
    }
}
