namespace Oslo.Messaging.Transports;

/// <summary>Where a driver must deliver one message. Drivers map it onto their own addressing (exchange, routing key).</summary>
public readonly record struct Destination
{
    private Destination(DestinationKind kind, string? exchange, string topic, string? server, string? replyAddress)
    {
        Kind = kind;
        Exchange = exchange;
        Topic = topic;
        Server = server;
        ReplyAddress = replyAddress;
    }

    /// <summary>What kind of address this is.</summary>
    public DestinationKind Kind { get; }

    /// <summary>The exchange of topic and server destinations; null = the driver's control exchange.</summary>
    public string? Exchange { get; }

    /// <summary>The topic (empty for replies; the routing key <c>&lt;topic&gt;.&lt;priority&gt;</c> for notifications).</summary>
    public string Topic { get; }

    /// <summary>The server of <see cref="DestinationKind.Server"/> destinations.</summary>
    public string? Server { get; }

    /// <summary>The reply address of <see cref="DestinationKind.Reply"/> destinations.</summary>
    public string? ReplyAddress { get; }

    /// <summary>Any one server of <paramref name="topic"/>.</summary>
    public static Destination ToTopic(string? exchange, string topic) => new(DestinationKind.Topic, exchange, topic, null, null);

    /// <summary>The server <paramref name="server"/> of <paramref name="topic"/>.</summary>
    public static Destination ToServer(string? exchange, string topic, string server) => new(DestinationKind.Server, exchange, topic, server, null);

    /// <summary>Every server of <paramref name="topic"/>.</summary>
    public static Destination ToFanout(string topic) => new(DestinationKind.Fanout, null, topic, null, null);

    /// <summary>A caller's reply address.</summary>
    public static Destination ToReply(string replyAddress) => new(DestinationKind.Reply, null, "", null, replyAddress);

    /// <summary>A notification published to <paramref name="exchange"/> (null = the control exchange) with
    /// <paramref name="routingKey"/> (<c>&lt;topic&gt;.&lt;priority&gt;</c>), kept in the queue of that name.</summary>
    public static Destination ToNotification(string? exchange, string routingKey) => new(DestinationKind.Notification, exchange, routingKey, null, null);

    /// <summary>The destination a client target addresses: fanout, server-directed or topic.</summary>
    internal static Destination For(Target target) =>
        target.Fanout ? ToFanout(target.Topic!)
        : target.Server is not null ? ToServer(target.Exchange, target.Topic!, target.Server)
        : ToTopic(target.Exchange, target.Topic!);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        DestinationKind.Topic => $"topic {Topic} (exchange {Exchange ?? "<control>"})",
        DestinationKind.Server => $"server {Topic}.{Server} (exchange {Exchange ?? "<control>"})",
        DestinationKind.Fanout => $"fanout {Topic}",
        DestinationKind.Notification => $"notification {Topic} (exchange {Exchange ?? "<control>"})",
        _ => $"reply {ReplyAddress}",
    };
}
