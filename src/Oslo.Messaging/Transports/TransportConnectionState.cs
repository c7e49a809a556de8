namespace Oslo.Messaging.Transports;

/// <summary>A snapshot of a transport's connection state, for health checks and diagnostics.</summary>
/// <param name="Status">The overall status: the worst of the transport's connections.</param>
/// <param name="Description">One line for people: which connection is down and why, with any URL's password masked.</param>
public sealed record TransportConnectionState(ConnectionStatus Status, string Description);
