using Microsoft.Extensions.Hosting;

namespace Oslo.Messaging.Hosting.Internal;

/// <summary>Creates the transports when the host starts, so a missing URL or a bad option stops the start with its
/// reason instead of failing the first call. Creating a transport opens no connection.</summary>
internal sealed class TransportStartup(OsloTransports transports) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = transports.Rpc;
        _ = transports.Notifications;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
