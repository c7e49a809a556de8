using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// Opens AMQP connections to the hosts of a transport URL: one <see cref="ConnectionFactory"/> per host (each host may
/// carry its own credentials), no client-side automatic recovery (the driver's own loops reconnect, see
/// <see cref="ConnectionKeeper"/>), AMQP heartbeats by the client library, AMQPLAIN, PLAIN or EXTERNAL login, optional TLS.
/// </summary>
internal sealed class BrokerConnector
{
    private const int DefaultPort = 5672;
    private readonly Host[] _hosts;
    private readonly RabbitSettings _settings;
    private readonly ILogger _logger;
    private readonly string _processName;

    /// <exception cref="TransportConfigurationException">A TLS file cannot be loaded.</exception>
    public BrokerConnector(RabbitSettings settings, TransportUrl url, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
        MaskedUrl = url.ToString();
        var hosts = url.Hosts.Count > 0 ? url.Hosts : [new TransportHost("localhost")];
        _hosts = [.. hosts.Select(h => CreateFactory(settings, h, url.EffectiveVirtualHost, logger)).Select(f => new Host(f, $"{f.UserName}@{f.HostName}:{f.Port}"))];
        if (settings.Ssl && settings.SslInsecureAcceptAnyCertificate)
        {
            RabbitMqLog.CertificateVerificationOff(logger, MaskedUrl);
        }

        _processName = SafeProcessName();
    }

    /// <summary>The transport URL with passwords masked, for messages and logs.</summary>
    public string MaskedUrl { get; }

    /// <summary>The hosts connections go to, as <c>user@host:port</c> (never a password), in URL order.</summary>
    public IReadOnlyList<string> Hosts => [.. _hosts.Select(h => h.Display)];

    /// <summary>The virtual host of every connection.</summary>
    public string VirtualHost => _hosts[0].Factory.VirtualHost;

    /// <summary>A fresh host order for one connection loop.</summary>
    public HostRotation CreateRotation() => new(_hosts.Length, _settings.FailoverStrategy);

    /// <summary>Tries every host once, in <paramref name="rotation"/>'s order.</summary>
    /// <returns>The connection and the index of its host (for <see cref="HostRotation.Lost"/>).</returns>
    /// <exception cref="MessageDeliveryFailureException">No host accepted the connection; the message lists each host's reason.</exception>
    public async Task<(IConnection Connection, int Host)> ConnectAsync(HostRotation rotation, string purpose, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        Exception? last = null;
        foreach (var index in rotation.NextRound())
        {
            var host = _hosts[index];
            try
            {
                // oslo's connection_name is "<program>:<pid>:<uuid>"; the purpose helps operators read `rabbitmqctl list_connections`.
                var name = $"{_processName}:{Environment.ProcessId}:{Guid.NewGuid():N}:{purpose}";
                var connection = await host.Factory.CreateConnectionAsync(name, cancellationToken).ConfigureAwait(false);
                rotation.Connected(index);
                return (connection, index);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex;
                var reason = BrokerErrors.CertificateRejection(ex) ?? BrokerErrors.Describe(ex);
                reasons.Add($"{host.Display}: {reason}");
                RabbitMqLog.HostFailed(_logger, host.Display, purpose, reason);
            }
        }

        throw new MessageDeliveryFailureException($"Could not connect to RabbitMQ at \"{MaskedUrl}\": {string.Join("; ", reasons)}", last);
    }

    private static ConnectionFactory CreateFactory(RabbitSettings settings, TransportHost host, string virtualHost, ILogger logger)
    {
        var factory = new ConnectionFactory
        {
            HostName = host.Hostname,
            Port = host.Port ?? DefaultPort,
            UserName = host.Username ?? ConnectionFactory.DefaultUser,
            Password = host.Password ?? (host.Username is null ? ConnectionFactory.DefaultPass : ""),
            VirtualHost = virtualHost,
            RequestedHeartbeat = HeartbeatFor(settings.HeartbeatTimeoutThreshold),
            // Own reconnect loops instead: they re-declare exactly oslo's topology (keeping reply and fanout queue
            // names), recover a single lost queue without dropping the connection, and follow oslo's back-off.
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            AuthMechanisms = settings.LoginMethod switch
            {
                RabbitMqLoginMethod.Amqplain => [new AmqplainMechanismFactory()],
                RabbitMqLoginMethod.External => [new ExternalMechanismFactory()],
                _ => [new PlainMechanismFactory()],
            },
            Ssl = TlsSettings.Create(settings, host.Hostname, logger),
            // RabbitMQ.Client closes the whole connection on a larger message, before it can be acknowledged: the
            // broker requeues it and delivers it again, forever. At RabbitMQ's hard limit that cannot happen; the
            // consumers reject what is above MaxMessageSize instead.
            MaxInboundMessageBodySize = RabbitSettings.MaxMessageSizeLimit,
            // Consumers are called one delivery at a time per channel (IMessageHandler's contract); each queue has its own channel.
            ConsumerDispatchConcurrency = 1,
        };
        if (settings.HeartbeatTimeoutThreshold > TimeSpan.Zero && settings.HeartbeatTimeoutThreshold < factory.RequestedConnectionTimeout)
        {
            // oslo uses the heartbeat threshold as socket timeout: a black-holed host is given up after that long.
            factory.RequestedConnectionTimeout = settings.HeartbeatTimeoutThreshold;
        }

        return factory;
    }

    /// <summary>The AMQP heartbeat to ask for, so that a broker that falls silent with its socket open (a paused or
    /// frozen node) is given up within <c>heartbeat_timeout_threshold</c>: a quarter of it, in whole seconds, at least 1 s;
    /// zero (no heartbeats) stays zero.</summary>
    /// <remarks>Why not the threshold itself (what py-amqp negotiates): RabbitMQ.Client closes a connection only after
    /// more than two of its read-timer periods (one heartbeat each) passed without a frame, i.e. 3 to 4 heartbeats.
    /// Asked for the threshold, a paused cluster node was given up after 20.5 s with a 6 s threshold
    /// (tests/Oslo.Messaging.RabbitMq.Tests/Cluster/PausedNodeTests.cs), 3 to 4 minutes with oslo's default 60 s.
    /// A quarter keeps the worst case (4 heartbeats) at the threshold. The broker, which gives a client up after 2
    /// missed heartbeats, then notices a dead client sooner too; the client sends heartbeats every half period.</remarks>
    public static TimeSpan HeartbeatFor(TimeSpan threshold) =>
        threshold <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Max(1, Math.Floor(threshold.TotalSeconds / 4)));

    private static string SafeProcessName()
    {
        try
        {
            using var process = Process.GetCurrentProcess();
            return process.ProcessName;
        }
        catch (InvalidOperationException)
        {
            return "dotnet";
        }
    }

    private sealed record Host(ConnectionFactory Factory, string Display);
}
