using Microsoft.Extensions.DependencyInjection;
using Oslo.Messaging.Hosting.Tests.Support;
using Oslo.Messaging.Memory;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Hosting.Tests.Hosting;

public sealed class HostedNotificationListenerTests
{
    private static readonly Target[] Notifications = [new("notifications")];

    [Fact]
    public async Task ScopedDependency_IsCreatedAndDisposedPerNotification()
    {
        var work = new WorkLog();
        var seen = new NotificationLog();
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m.AddNotificationListener<AuditTrail>(Notifications),
            s => s.AddSingleton(work).AddSingleton(seen).AddScoped<UnitOfWork>());
        var notifier = host.Services.GetRequiredService<Notifier>();

        Assert.True(await notifier.InfoAsync(new RequestContext { UserId = "alice" }, "volume.create", new { size = 1 }).WaitAsync(TestHosts.Wait));
        Assert.True(await notifier.InfoAsync(new RequestContext { UserId = "bob" }, "volume.delete", new { size = 1 }).WaitAsync(TestHosts.Wait));
        // The pooled executor may run the two at once: compare in event order.
        var both = new[] { await seen.NextAsync(), await seen.NextAsync() }.OrderBy(s => s.EventType, StringComparer.Ordinal).ToArray();
        var (first, second) = (both[0], both[1]);

        Assert.Equal(("volume.create", "alice"), (first.EventType, first.User));
        Assert.Equal(("volume.delete", "bob"), (second.EventType, second.User));
        Assert.NotEqual(first.UnitOfWork, second.UnitOfWork);
        var disposed = await work.WaitDisposedAsync(2);
        Assert.Equal(new[] { first.UnitOfWork, second.UnitOfWork }.Order(), disposed);
        await host.StopAsync();
    }

    [Fact]
    public async Task BatchListener_OneScopePerBatch()
    {
        var work = new WorkLog();
        var seen = new NotificationLog();
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m.AddNotificationListener<BatchAuditTrail>(Notifications,
                o => o with { Batch = new NotificationBatch(2, TimeSpan.FromSeconds(30)) }),
            s => s.AddSingleton(work).AddSingleton(seen).AddScoped<UnitOfWork>());
        var notifier = host.Services.GetRequiredService<Notifier>();

        await notifier.InfoAsync(new RequestContext(), "a", null).WaitAsync(TestHosts.Wait);
        await notifier.InfoAsync(new RequestContext(), "b", null).WaitAsync(TestHosts.Wait);
        var first = await seen.NextAsync();
        var second = await seen.NextAsync();

        Assert.Equal(first.UnitOfWork, second.UnitOfWork);
        Assert.Equal([first.UnitOfWork], await work.WaitDisposedAsync(1));
        await host.StopAsync();
    }

    [Fact]
    public async Task FailingEndpointConstructor_IsLogged_ListenerGoesOn()
    {
        var seen = new NotificationLog();
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m.AddNotificationListener(Notifications,
                l => l.AddEndpoint<BrokenNotificationEndpoint>().AddEndpoint<AuditTrail>()),
            s => s.AddSingleton(new WorkLog()).AddSingleton(seen).AddScoped<UnitOfWork>());
        var notifier = host.Services.GetRequiredService<Notifier>();

        await notifier.ErrorAsync(new RequestContext(), "volume.failed", null).WaitAsync(TestHosts.Wait);
        await notifier.InfoAsync(new RequestContext { UserId = "carol" }, "volume.create", null).WaitAsync(TestHosts.Wait);

        // The error went to the broken endpoint only (acknowledged: requeue is off); the listener took the next one.
        var next = await seen.NextAsync();
        Assert.Equal(("volume.create", "carol"), (next.EventType, next.User));
        await host.StopAsync();
    }

    [Fact]
    public void AddNotificationListener_WithoutEndpoint_Throws()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentException>(() => services.AddOsloMessaging().AddNotificationListener(Notifications, _ => { }));
    }
}
