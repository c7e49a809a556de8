using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Hosting.Internal;

/// <summary>A <see cref="NotificationListener"/> run with the host. Its endpoints are created once, when the host
/// starts, from the container (registered ones with their registration, others constructed with injection): a
/// listener describes its endpoint objects up front, so unlike RPC endpoints they are not per notification.</summary>
internal sealed class HostedNotificationListener(IServiceProvider services, NotificationListenerBuilder registration, ILogger logger)
    : HostedEndpoint("notification listener " + string.Join(", ", registration.Targets), logger), IAsyncDisposable
{
    private NotificationListener? _listener;

    protected override bool IsRunning => _listener?.IsRunning == true;

    protected override async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        _listener ??= Create();
        await _listener.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task StopCoreAsync(CancellationToken cancellationToken) => _listener?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    protected override Task WaitCoreAsync(CancellationToken cancellationToken) => _listener?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    private NotificationListener Create()
    {
        var transports = services.GetRequiredService<OsloTransports>();
        var options = new NotificationListenerOptions { LoggerFactory = services.GetService<ILoggerFactory>() };
        options = registration.Configure?.Invoke(options) ?? options;
        var endpoints = registration.EndpointTypes.Select(t => ActivatorUtilities.GetServiceOrCreateInstance(services, t)).ToList();
        return new NotificationListener(transports.Notifications, registration.Targets, endpoints, options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }
    }
}
