namespace Oslo.Messaging.Transports;

/// <summary>The kinds of address a message can be sent to.</summary>
public enum DestinationKind
{
    /// <summary>Any one server listening on the topic (load-balanced).</summary>
    Topic,

    /// <summary>The one server named in the destination (<c>topic.server</c>).</summary>
    Server,

    /// <summary>Every server listening on the topic.</summary>
    Fanout,

    /// <summary>A caller's reply address (the reply queue of its transport).</summary>
    Reply,

    /// <summary>A notification: the exchange (or the control exchange) with routing key <c>&lt;topic&gt;.&lt;priority&gt;</c>;
    /// the driver also declares a queue named like the routing key, bound by it, so notifications are kept while no
    /// listener runs (docs/wire-protocol.md, "Notifications").</summary>
    Notification,
}
