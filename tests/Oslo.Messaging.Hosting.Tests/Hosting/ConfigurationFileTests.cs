using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Oslo.Messaging.Configuration;
using Oslo.Messaging.Hosting.Tests.Support;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting.Tests.Hosting;

public sealed class ConfigurationFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"oslo-hosting-{Guid.NewGuid():N}.conf");

    [Fact]
    public async Task OsloConfigFile_ConfiguresTransportClientsServersAndNotifier()
    {
        File.WriteAllText(_path, """
            [DEFAULT]
            transport_url = memory://
            control_exchange = nova
            rpc_response_timeout = 17
            executor_thread_pool_size = 4
            rpc_ping_enabled = true

            [oslo_messaging_notifications]
            driver = messagingv2
            topics = notifications,audit
            """);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddOsloConfigFile(_path);
        builder.Services.AddOsloMessaging(builder.Configuration)
            .AddRpcServer<Calculator>(new Target("conf", server: "c1"))
            .AddRpcClient("conf", new Target("conf"));
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(TestHosts.Wait);

        var client = host.Services.GetRequiredKeyedService<RpcClient>("conf");
        Assert.Equal(TimeSpan.FromSeconds(17), client.Timeout);
        Assert.Equal(3, await client.CallAsync<int>(new RequestContext(), "add", new { a = 1, b = 2 }).WaitAsync(TestHosts.Wait));
        Assert.Equal("pong", await client.CallAsync<string>(new RequestContext(), "oslo_rpc_server_ping").WaitAsync(TestHosts.Wait));
        var notifier = host.Services.GetRequiredService<Notifier>();
        Assert.Equal(["notifications", "audit"], notifier.Topics);
        Assert.True(notifier.IsEnabled);
        await host.StopAsync();
    }

    public void Dispose() => File.Delete(_path);
}
