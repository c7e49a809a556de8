using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Oslo.Messaging;
using Oslo.Messaging.Configuration;
using Oslo.Messaging.Hosting;
using WorkerService.Inventory;

namespace WorkerService;

/// <summary>The worker's host: oslo configuration file, RPC server, notification listener, health check, OpenTelemetry.</summary>
public static class WorkerHost
{
    /// <summary>The RPC target the worker serves (oslo: topic <c>inventory</c>, this host's server name).</summary>
    public static Target Target(string server) => new("inventory", server: server);

    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);

        // oslo's --config-file: [DEFAULT] transport_url, [oslo_messaging_rabbit], [oslo_messaging_notifications] ...
        builder.Configuration.AddOsloConfigFile(builder.Configuration["config-file"] ?? Path.Combine(AppContext.BaseDirectory, "worker.conf"));

        builder.Services.AddSingleton<StockLedger>();
        builder.Services.AddOsloMessaging(builder.Configuration)
            .AddRpcServer<InventoryEndpoint>(Target(Environment.MachineName))
            .AddNotificationListener<InventoryEvents>([new Target("notifications")])
            .AddHealthChecks();

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddOsloMessagingInstrumentation().AddConsoleExporter())
            .WithMetrics(metrics => metrics.AddOsloMessagingInstrumentation().AddConsoleExporter());
        return builder;
    }
}
