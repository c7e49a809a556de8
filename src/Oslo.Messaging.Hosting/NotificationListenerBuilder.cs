using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Hosting;

/// <summary>One hosted notification listener: its targets, endpoint types and options. See
/// <see cref="OsloMessagingBuilder.AddNotificationListener(IEnumerable{Target}, Action{NotificationListenerBuilder})"/>.</summary>
public sealed class NotificationListenerBuilder
{
    private readonly List<Type> _endpointTypes = [];

    internal NotificationListenerBuilder(IReadOnlyList<Target> targets)
    {
        Targets = targets;
    }

    /// <summary>The targets (topic, optional exchange) listened to.</summary>
    public IReadOnlyList<Target> Targets { get; }

    internal IReadOnlyList<Type> EndpointTypes => _endpointTypes;

    internal Func<NotificationListenerOptions, NotificationListenerOptions>? Configure { get; private set; }

    /// <summary>Adds an endpoint type. Its object is created once when the host starts: the container's registration
    /// when it has one, otherwise a new object with its constructor's dependencies injected (so it should depend on
    /// singletons, or create scopes itself).</summary>
    public NotificationListenerBuilder AddEndpoint<TEndpoint>()
        where TEndpoint : class => AddEndpoint(typeof(TEndpoint));

    /// <inheritdoc cref="AddEndpoint{TEndpoint}"/>
    public NotificationListenerBuilder AddEndpoint(Type endpointType)
    {
        ArgumentNullException.ThrowIfNull(endpointType);
        _endpointTypes.Add(endpointType);
        return this;
    }

    /// <summary>Changes the listener's options (pool, requeue ...), starting from the defaults with the host's logger
    /// factory, e.g. <c>o =&gt; o with { Pool = "audit" }</c>.</summary>
    public NotificationListenerBuilder WithOptions(Func<NotificationListenerOptions, NotificationListenerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var previous = Configure;
        Configure = previous is null ? configure : o => configure(previous(o));
        return this;
    }
}
