using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Notify.Internal;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Notify;

/// <summary>
/// Receives notifications (oslo's <c>get_notification_listener</c>) for several targets (topic and optional exchange)
/// and hands each to the endpoint methods named after its priority, in endpoint order (docs/wire-protocol.md,
/// "Notifications"). Consumes only the priorities some endpoint handles.
/// </summary>
/// <remarks>
/// <para>Unlike an RPC server's requests, notifications are acknowledged <em>after</em> the endpoints ran; a
/// notification an endpoint asks to requeue (or fails on) is requeued only with
/// <see cref="NotificationListenerOptions.AllowRequeue"/>, otherwise acknowledged and the refusal logged. A
/// malformed notification is logged and acknowledged.</para>
/// <para>Each queue's notifications are processed one at a time, in order; several queues (priorities, targets) are
/// processed concurrently, so an endpoint handling several must be thread-safe.</para>
/// <para>Lifecycle as <see cref="Rpc.RpcServer"/>: <see cref="StartAsync"/> (repeated calls ignored),
/// <see cref="StopAsync"/> (no new notification is taken; returns once those in progress were processed and acknowledged
/// or requeued; those not yet taken stay on the queue), <see cref="WaitAsync"/> (waits for the stop, then closes the
/// consumers). A stopped listener can be started again.</para>
/// </remarks>
public sealed class NotificationListener : IAsyncDisposable
{
    private readonly Transport _transport;
    private readonly NotificationListenerOptions _options;
    private readonly IReadOnlyDictionary<NotificationPriority, NotificationEndpointMethod[]> _methods;
    private readonly QueueBinding[] _bindings;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private Run? _run;

    /// <summary>Creates a listener; describes every endpoint now, so a bad endpoint fails here.</summary>
    /// <exception cref="InvalidTargetException">A target has no topic.</exception>
    /// <exception cref="ArgumentException">No target or endpoint, an empty pool name, a temporary pool without a name, or an endpoint method named after
    /// a priority with the wrong signature, or an endpoint without any.</exception>
    [RequiresUnreferencedCode(NotificationEndpointMethod.Reason)]
    public NotificationListener(Transport transport, IEnumerable<Target> targets, IEnumerable<object> endpoints, NotificationListenerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(endpoints);
        _options = options ?? new NotificationListenerOptions();
        ArgumentNullException.ThrowIfNull(_options.Serializer, nameof(options.Serializer));
        if (_options.Pool is { Length: 0 })
        {
            throw new ArgumentException("The pool name must not be empty (null = no pool)", nameof(options));
        }

        if (_options.TemporaryPool && _options.Pool is null)
        {
            throw new ArgumentException("TemporaryPool needs a Pool name", nameof(options));
        }

        Targets = [.. targets];
        if (Targets.Count == 0)
        {
            throw new ArgumentException("A notification listener needs at least one target", nameof(targets));
        }

        foreach (var target in Targets)
        {
            if (string.IsNullOrEmpty(target.Topic))
            {
                throw new InvalidTargetException("A notification target needs a topic", target);
            }
        }

        var described = endpoints.Select(e => e ?? throw new ArgumentException("An endpoint is null", nameof(endpoints)))
            .SelectMany(NotificationEndpointMethod.Describe).ToArray();
        if (described.Length == 0)
        {
            throw new ArgumentException("A notification listener needs at least one endpoint", nameof(endpoints));
        }

        _methods = described.GroupBy(d => d.Priority).ToDictionary(g => g.Key, g => g.Select(d => d.Method).ToArray());
        Priorities = [.. NotificationPriorities.All.Where(_methods.ContainsKey)];
        _bindings = [.. Targets.SelectMany(t => Priorities.Select(p =>
        {
            var routingKey = t.Topic + "." + NotificationPriorities.RoutingName(p);
            return new QueueBinding(_options.Pool ?? routingKey, t.Exchange, routingKey, _options.TemporaryPool);
        })).Distinct()];
        _transport = transport;
        _logger = (_options.LoggerFactory ?? transport.LoggerFactory).CreateLogger<NotificationListener>();
    }

    /// <summary>The targets listened to.</summary>
    public IReadOnlyList<Target> Targets { get; }

    /// <summary>The priorities some endpoint handles: the only ones consumed.</summary>
    public IReadOnlyList<NotificationPriority> Priorities { get; }

    /// <summary>The queue bindings consumed (queue, exchange, routing key), for diagnostics.</summary>
    public IReadOnlyList<QueueBinding> Bindings => _bindings;

    /// <summary>True between a start and the next stop.</summary>
    public bool IsRunning => _run is { Stopped.Task.IsCompleted: false };

    /// <summary>Starts consuming. Ignored while running; after a stop, first finishes the previous run's wait.</summary>
    /// <exception cref="ServerListenException">The transport could not start consuming (the first target is named).</exception>
    /// <exception cref="NotSupportedException">The transport's driver has no notification listeners.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }

            if (_run is { } previous)
            {
                await previous.CloseAsync().ConfigureAwait(false);
            }

            var intake = new NotificationIntake(_methods, _options.Serializer, _options.AllowRequeue, _logger);
            TransportListener listener;
            try
            {
                listener = await _transport.Driver.ListenForNotificationsAsync(_bindings, intake, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or NotSupportedException))
            {
                throw new ServerListenException(Targets[0], ex);
            }

            _run = new Run(listener);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops taking notifications; returns once those in progress were processed and acknowledged or requeued.
    /// No-op when not running.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_run is { } run && IsRunning)
            {
                await run.Listener.StopAsync(cancellationToken).ConfigureAwait(false);
                run.Stopped.TrySetResult();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Waits for <see cref="StopAsync"/>, then closes the consumers. Returns at once if never started.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken = default)
    {
        if (_run is not { } run)
        {
            return;
        }

        await run.Stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await run.CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Stops and waits.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await WaitAsync().ConfigureAwait(false);
    }

    /// <summary>One start..wait cycle.</summary>
    private sealed class Run(TransportListener listener)
    {
        private readonly Lazy<Task> _close = new(() => listener.DisposeAsync().AsTask());

        public TransportListener Listener { get; } = listener;

        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task CloseAsync() => _close.Value;
    }
}
