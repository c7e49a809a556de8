using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Hosting.Tests.Support;
using Oslo.Messaging.Rpc;
using WorkerService;

namespace Oslo.Messaging.Hosting.Tests.Samples;

/// <summary>samples/WorkerService, configured from an oslo file naming memory://, answers calls and hears its own
/// notification: the sample users copy runs as documented.</summary>
public sealed class WorkerServiceSampleTests : IDisposable
{
    private readonly string _conf = Path.Combine(Path.GetTempPath(), $"worker-{Guid.NewGuid():N}.conf");

    [Fact]
    public async Task Worker_FromOsloConfigFileOnMemory_AnswersCallsHearsNotificationsAndIsHealthy()
    {
        File.WriteAllText(_conf, "[DEFAULT]\ntransport_url = memory://\nrpc_response_timeout = 10\n\n[oslo_messaging_notifications]\ndriver = messagingv2\n");
        var builder = WorkerHost.CreateBuilder(["--config-file", _conf]);
        var log = new LogLines();
        builder.Logging.AddProvider(log);
        builder.Services.AddOsloMessaging().AddRpcClient("probe", WorkerHost.Target(Environment.MachineName));
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(TestHosts.Wait);
        var client = host.Services.GetRequiredKeyedService<RpcClient>("probe");

        var first = await client.CallAsync<int>(new RequestContext { UserId = "alice" }, "reserve", new { item = "disk", count = 2 }).WaitAsync(TestHosts.Wait);
        var second = await client.CallAsync<int>(new RequestContext { UserId = "bob" }, "reserve", new { item = "disk", count = 3 }).WaitAsync(TestHosts.Wait);
        var reserved = await client.CallAsync<int>(new RequestContext(), "reserved", new { item = "disk" }).WaitAsync(TestHosts.Wait);
        var heard = await log.WaitForAsync("inventory.reserved from");
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal((2, 5, 5), (first, second, reserved));
        Assert.Contains("\"item\":\"disk\"", heard, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, health.Status);
        await host.StopAsync().WaitAsync(TestHosts.Wait);
    }

    public void Dispose() => File.Delete(_conf);
}
