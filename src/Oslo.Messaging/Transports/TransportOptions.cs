using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Memory;

namespace Oslo.Messaging.Transports;

/// <summary>Options of a <see cref="Transport"/>: which drivers can be created, the control exchange, logging and time.</summary>
public sealed class TransportOptions
{
    /// <summary>The driver factories consulted by URL scheme. Default: the in-memory driver (<c>memory://</c>, <c>fake://</c>),
    /// each transport with its own private broker (<see cref="MemoryTransportOptionsExtensions.UseMemoryBroker"/> shares one).
    /// Transport packages add their driver through an extension method on these options.</summary>
    public IList<ITransportDriverFactory> Drivers { get; } = [new MemoryDriverFactory()];

    /// <summary>The exchange used when a target has none (oslo's <c>control_exchange</c>). Default <c>openstack</c>.</summary>
    public string ControlExchange { get; set; } = "openstack";

    /// <summary>The remote exceptions clients of this transport recreate (oslo's <c>allowed_remote_exmods</c>); empty by default.</summary>
    public RemoteExceptionRegistry RemoteExceptions { get; set; } = new();

    /// <summary>Where logs go. Default: nowhere (<see cref="NullLoggerFactory"/>).</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>The clock for timeouts and heartbeats. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
