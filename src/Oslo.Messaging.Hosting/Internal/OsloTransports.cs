using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Hosting.Internal;

/// <summary>
/// The container's transports: the RPC one and, when <see cref="OsloMessagingOptions.NotificationTransportUrl"/> is
/// set, a notification one. Created on first use (the host's start forces it, so a bad URL fails the start) by
/// <see cref="Transport.Create"/>, which does no I/O (drivers connect on first use), so resolving a client or the
/// notifier from the container never blocks a thread. Disposed with the container, after the hosted servers have
/// stopped.
/// </summary>
internal sealed class OsloTransports(IOptions<OsloMessagingOptions> options, ILoggerFactory? loggerFactory = null) : IAsyncDisposable
{
    private readonly Lock _sync = new();
    private Transport? _rpc;
    private Transport? _notifications;
    private bool _disposed;

    public OsloMessagingOptions Options => options.Value;

    /// <summary>The RPC transport.</summary>
    /// <exception cref="InvalidOperationException">No <see cref="OsloMessagingOptions.TransportUrl"/>.</exception>
    /// <exception cref="Exceptions.InvalidTransportUrlException">The URL is malformed or its scheme has no driver.</exception>
    /// <exception cref="Exceptions.TransportConfigurationException">A URL or driver option is invalid.</exception>
    public Transport Rpc
    {
        get
        {
            lock (_sync)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _rpc ??= Create(Options.TransportUrl ?? throw new InvalidOperationException(
                    "Oslo.Messaging has no transport URL: set OsloMessagingOptions.TransportUrl in AddOsloMessaging(...), " +
                    "or DEFAULT:transport_url in the configuration it reads (transport_url in [DEFAULT] of an oslo config file)"));
            }
        }
    }

    /// <summary>The notification transport: the RPC one unless a notification URL is set.</summary>
    public Transport Notifications
    {
        get
        {
            if (Options.NotificationTransportUrl is not { } url)
            {
                return Rpc;
            }

            lock (_sync)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _notifications ??= Create(url);
            }
        }
    }

    /// <summary>The transports created so far, for health checks (a transport not created yet has no state).</summary>
    public IReadOnlyList<(string Name, Transport Transport)> Created
    {
        get
        {
            lock (_sync)
            {
                var created = new List<(string, Transport)>(2);
                if (_rpc is not null)
                {
                    created.Add(("rpc", _rpc));
                }

                if (_notifications is not null)
                {
                    created.Add(("notifications", _notifications));
                }

                return created;
            }
        }
    }

    private Transport Create(string url)
    {
        var transportOptions = new TransportOptions
        {
            ControlExchange = Options.ControlExchange,
            LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
        };
        transportOptions.UseRabbitMq(Options.RabbitMq);
        Options.ConfigureTransport?.Invoke(transportOptions);
        return Transport.Create(url, transportOptions);
    }

    public async ValueTask DisposeAsync()
    {
        Transport? rpc, notifications;
        lock (_sync)
        {
            _disposed = true;
            (rpc, notifications) = (_rpc, _notifications);
        }

        if (notifications is not null)
        {
            await notifications.DisposeAsync().ConfigureAwait(false);
        }

        if (rpc is not null)
        {
            await rpc.DisposeAsync().ConfigureAwait(false);
        }
    }
}
