namespace Oslo.Messaging.Transports;

/// <summary>The state of a transport's connections to its messaging system (see <see cref="Transport.ConnectionState"/>).</summary>
public enum ConnectionStatus
{
    /// <summary>The driver does not report a state.</summary>
    Unknown,

    /// <summary>No connection is needed yet: drivers connect on first use (first call, cast or server start).</summary>
    Idle,

    /// <summary>Every connection the transport uses is open.</summary>
    Connected,

    /// <summary>A connection the transport uses is down and being re-established: sends wait or fail within their
    /// retry budget, servers and reply consumers receive nothing meanwhile.</summary>
    Reconnecting,

    /// <summary>The transport was disposed.</summary>
    Closed,
}
