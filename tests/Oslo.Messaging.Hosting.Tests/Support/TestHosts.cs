using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Oslo.Messaging.Memory;

namespace Oslo.Messaging.Hosting.Tests.Support;

/// <summary>Hosts on the in-memory transport; hosts given one <see cref="MemoryBroker"/> reach each other, as two
/// processes on one RabbitMQ would.</summary>
internal static class TestHosts
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static IHost Build(MemoryBroker broker, Action<OsloMessagingBuilder> messaging, Action<IServiceCollection>? services = null,
        TimeSpan? shutdownTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? Wait);
        messaging(builder.Services.AddOsloMessaging(o =>
        {
            o.TransportUrl = "memory://";
            o.ConfigureTransport = t => t.UseMemoryBroker(broker);
        }));
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    public static async Task<IHost> StartAsync(MemoryBroker broker, Action<OsloMessagingBuilder> messaging, Action<IServiceCollection>? services = null,
        TimeSpan? shutdownTimeout = null)
    {
        var host = Build(broker, messaging, services, shutdownTimeout);
        await host.StartAsync().WaitAsync(Wait);
        return host;
    }
}
