using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// oslo's RabbitMQ topology (docs/wire-protocol.md, "RabbitMQ topology" and "Publishing"): names, declare flags and arguments of every exchange and queue, and the
/// exchange / routing key of every destination. Flags must be identical to oslo's or the broker refuses the declare.
/// </summary>
internal sealed class Topology(RabbitSettings settings, string controlExchange)
{
    /// <summary>The control exchange (oslo's <c>control_exchange</c>), used when a target names none.</summary>
    public string ControlExchange { get; } = controlExchange;

    private ExchangeSpec? _controlTopicExchange;

    /// <summary>The topic exchange <c>X</c>: topic, durable = durable queues or quorum, auto-delete = <c>amqp_auto_delete</c>.</summary>
    /// <remarks>The control exchange's spec is made once: every call and cast to the default exchange names it
    /// (one object less per send, bench/results/NOTES.md); a spec is an immutable record.</remarks>
    public ExchangeSpec TopicExchange(string? exchange) =>
        exchange is null ? _controlTopicExchange ??= new(ControlExchange, "topic", settings.Durable, settings.AutoDelete)
        : new(exchange, "topic", settings.Durable, settings.AutoDelete);

    /// <summary>The fanout exchange <c>T_fanout</c> (no control-exchange prefix): durable = <c>rabbit_transient_quorum_queue</c>,
    /// always auto-delete, on the server and before every fanout cast alike.</summary>
    public ExchangeSpec FanoutExchange(string topic) => new(topic + "_fanout", "fanout", settings.TransientDurable, AutoDelete: true);

    /// <summary>The shared queue <c>T</c> of a topic, bound by <c>T</c>.</summary>
    public QueueSpec TopicQueue(string? exchange, string topic) =>
        new(topic, settings.Durable, settings.AutoDelete, TopicQueueArguments(), TopicExchange(exchange), topic, DurableFallback: true);

    /// <summary>The queue <c>T.S</c> of one server, bound by <c>T.S</c>.</summary>
    public QueueSpec ServerQueue(string? exchange, string topic, string server) =>
        new(topic + "." + server, settings.Durable, settings.AutoDelete, TopicQueueArguments(), TopicExchange(exchange), topic + "." + server, DurableFallback: true);

    /// <summary>A notification queue (<c>&lt;topic&gt;.&lt;priority&gt;</c> or a pool name) with the shared-queue flags, bound
    /// from each of <paramref name="bindings"/> (exchange null = the control exchange).</summary>
    /// <param name="name">The queue name.</param>
    /// <param name="bindings">Exchange and routing key of each binding.</param>
    /// <param name="temporary">A listener's own queue: transient and expiring when unused, as reply queues.</param>
    public QueueSpec NotificationQueue(string name, IReadOnlyList<(string? Exchange, string Key)> bindings, bool temporary = false)
    {
        var first = bindings[0];
        var more = bindings.Skip(1).Select(b => (TopicExchange(b.Exchange), b.Key)).ToArray();
        return temporary
            ? new(name, settings.TransientDurable, AutoDelete: false, TransientQueueArguments(), TopicExchange(first.Exchange), first.Key, more)
            : new(name, settings.Durable, settings.AutoDelete, TopicQueueArguments(), TopicExchange(first.Exchange), first.Key, more, DurableFallback: true);
    }

    /// <summary>A server instance's fanout queue <c>T_fanout_&lt;uuid hex&gt;</c> (<c>T_fanout_&lt;host&gt;:&lt;process&gt;:&lt;n&gt;</c>
    /// with the queue manager), expiring when unused; with <c>rabbit_stream_fanout</c> the stream <c>T_fanout</c> shared by
    /// every server of the topic (docs/wire-protocol.md, "Newer oslo options").</summary>
    public QueueSpec FanoutQueue(string topic)
    {
        if (settings.StreamFanout)
        {
            return new(topic + "_fanout", Durable: true, AutoDelete: false, StreamArguments(), FanoutExchange(topic), topic, Stream: true);
        }

        var prefix = topic + "_fanout_";
        return new(prefix + UniquePart(), settings.TransientDurable, AutoDelete: false, TransientQueueArguments(), FanoutExchange(topic), topic,
            NextName: settings.UseQueueManager ? () => prefix + QueueManager.Next(settings) : null);
    }

    /// <summary>The driver's reply queue <c>reply_&lt;uuid hex&gt;</c> (<c>reply_&lt;host&gt;:&lt;process&gt;:&lt;n&gt;</c> with the
    /// queue manager): durable quorum with <c>rabbit_transient_quorum_queue</c>, not exclusive (so it can be re-declared
    /// after a reconnect), expires when unused; reached through the default exchange.</summary>
    public QueueSpec ReplyQueue() =>
        new("reply_" + UniquePart(), settings.TransientDurable, AutoDelete: false, TransientQueueArguments(), Exchange: null, BindingKey: "",
            NextName: settings.UseQueueManager ? () => "reply_" + QueueManager.Next(settings) : null);

    /// <summary>The fanout queue is deleted when its server closes cleanly, unless its name is meant to outlive the
    /// process (queue manager) or it is the topic's shared stream (as oslo's <c>Connection.close</c>).</summary>
    public bool DeletesFanoutQueueOnClose => !settings.StreamFanout && !settings.UseQueueManager;

    /// <summary>Arguments of topic queues: HA policy or quorum settings (never <c>x-expires</c>).</summary>
    public Dictionary<string, object?> TopicQueueArguments()
    {
        var arguments = HaArguments();
        if (settings.QuorumQueues)
        {
            AddQuorumArguments(arguments);
        }

        return arguments;
    }

    /// <summary>Arguments of reply and fanout queues: HA policy or (with <c>rabbit_transient_quorum_queue</c>) quorum
    /// settings, and <c>x-expires</c> unless the TTL is 0.</summary>
    public Dictionary<string, object?> TransientQueueArguments()
    {
        var arguments = HaArguments();
        if (settings.TransientQuorumQueues)
        {
            AddQuorumArguments(arguments);
        }

        if (settings.TransientQueuesTtl > TimeSpan.Zero)
        {
            arguments["x-expires"] = (int)settings.TransientQueuesTtl.TotalMilliseconds;
        }

        return arguments;
    }

    /// <summary>Arguments of the fanout stream: exactly <c>x-queue-type: stream</c> and <c>x-max-age: "&lt;TTL&gt;s"</c>
    /// (omitted when the TTL is 0); no HA, quorum or <c>x-expires</c> key.</summary>
    public Dictionary<string, object?> StreamArguments()
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal) { ["x-queue-type"] = "stream" };
        if (settings.TransientQueuesTtl > TimeSpan.Zero)
        {
            arguments["x-max-age"] = ((long)settings.TransientQueuesTtl.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s";
        }

        return arguments;
    }

    /// <summary>The exchange and routing key of a destination (docs/wire-protocol.md, "Publishing").</summary>
    public Route Route(Destination destination) => destination.Kind switch
    {
        DestinationKind.Topic => new(destination.Exchange ?? ControlExchange, destination.Topic, TopicExchange(destination.Exchange)),
        DestinationKind.Server => new(destination.Exchange ?? ControlExchange, destination.Topic + "." + destination.Server, TopicExchange(destination.Exchange)),
        DestinationKind.Fanout => new(destination.Topic + "_fanout", "", FanoutExchange(destination.Topic)),
        DestinationKind.Notification => new(destination.Exchange ?? ControlExchange, destination.Topic, TopicExchange(destination.Exchange),
            NotificationQueue(destination.Topic, [(destination.Exchange, destination.Topic)])),
        DestinationKind.Reply => new("", destination.ReplyAddress ?? throw new ArgumentException("A reply destination needs a reply address", nameof(destination)), null),
        _ => throw new ArgumentOutOfRangeException(nameof(destination), destination.Kind, "Unknown destination kind"),
    };

    /// <summary>The unique part of a reply or fanout queue name: the queue manager's, or a uuid4 hex.</summary>
    private string UniquePart() => settings.UseQueueManager ? QueueManager.Next(settings) : NewId();

    private void AddQuorumArguments(Dictionary<string, object?> arguments)
    {
        arguments["x-queue-type"] = "quorum";
        AddIfPositive(arguments, "x-delivery-limit", settings.QuorumDeliveryLimit);
        AddIfPositive(arguments, "x-max-in-memory-length", settings.QuorumMaxMemoryLength);
        AddIfPositive(arguments, "x-max-in-memory-bytes", settings.QuorumMaxMemoryBytes);
    }

    /// <summary>uuid4 hex, as oslo's <c>uuid.uuid4().hex</c> (the core's message ids use the same form).</summary>
    private static string NewId() => Guid.NewGuid().ToString("N");

    private Dictionary<string, object?> HaArguments()
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (settings.HaQueues)
        {
            arguments["x-ha-policy"] = "all";
        }

        return arguments;
    }

    private static void AddIfPositive(Dictionary<string, object?> arguments, string name, int value)
    {
        if (value > 0)
        {
            arguments[name] = value;
        }
    }
}
