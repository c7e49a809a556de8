using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Notify.Internal;
using Oslo.Messaging.Rpc.Internal;
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
/// malformed notification (unreadable, a payload that does not bind, a filter timing out on it) is logged and
/// acknowledged.</para>
/// <para>Notifications of all queues (priorities, targets) run on the listener's executor
/// (<see cref="NotificationListenerOptions.Executor"/>, pooled by default as oslo's), one by one or, for a batch
/// listener (<see cref="NotificationListenerOptions.Batch"/>), in batches.</para>
/// <para>Lifecycle as <see cref="Rpc.RpcServer"/> (oslo's): <see cref="StartAsync"/> (repeated calls ignored),
/// <see cref="StopAsync"/> (no new notification is taken; those not yet taken stay on the queue), <see cref="WaitAsync"/>
/// (waits for the stop, then for every notification taken to be processed and acknowledged or requeued, then closes the
/// consumers). A stopped listener can be started again.</para>
/// </remarks>
public sealed class NotificationListener : IAsyncDisposable
{
    private readonly Transport _transport;
    private readonly NotificationListenerOptions _options;
    private readonly IReadOnlyDictionary<NotificationPriority, NotificationEndpointMethod[]> _methods;
    private readonly QueueBinding[] _bindings;
    private readonly NotificationEndpointActivator? _activator;
    private readonly ILogger _logger;
    private readonly ListenerLifecycle _lifecycle = new();

    /// <summary>Creates a listener; describes every endpoint now, so a bad endpoint fails here.</summary>
    /// <exception cref="InvalidTargetException">A target has no topic.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A batch size below 1 or a batch timeout that is not positive.</exception>
    /// <exception cref="ArgumentException">No target or endpoint, an empty pool name, a temporary pool without a name, or an endpoint method named after
    /// a priority with the wrong signature (a batch listener's take a list), or an endpoint without any.</exception>
    [RequiresUnreferencedCode(NotificationEndpointMethod.Reason)]
    public NotificationListener(Transport transport, IEnumerable<Target> targets, IEnumerable<object> endpoints, NotificationListenerOptions? options = null)
        : this(transport, targets, options, activator: null, batch =>
        {
            ArgumentNullException.ThrowIfNull(endpoints);
            return endpoints.Select(e => e ?? throw new ArgumentException("An endpoint is null", nameof(endpoints)))
                .SelectMany(e => NotificationEndpointMethod.Describe(e, batch));
        })
    {
    }

    /// <summary>Creates a listener whose endpoint objects come from <paramref name="activator"/>: one scope per
    /// notification (per batch for a batch listener), disposed after the endpoints ran (see
    /// <see cref="NotificationEndpointActivator"/>). The types are described now, in order, so a bad one fails here.</summary>
    /// <exception cref="InvalidTargetException">A target has no topic.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A batch size below 1 or a batch timeout that is not positive.</exception>
    /// <exception cref="ArgumentException">As the constructor taking endpoint objects, or an endpoint type is abstract.</exception>
    [RequiresUnreferencedCode(NotificationEndpointMethod.Reason)]
    public NotificationListener(Transport transport, IEnumerable<Target> targets, IEnumerable<Type> endpointTypes,
        NotificationEndpointActivator activator, NotificationListenerOptions? options = null)
        : this(transport, targets, options, activator ?? throw new ArgumentNullException(nameof(activator)), batch =>
        {
            ArgumentNullException.ThrowIfNull(endpointTypes);
            return endpointTypes.Select(t => t ?? throw new ArgumentException("An endpoint type is null", nameof(endpointTypes)))
                .Distinct().SelectMany(t => NotificationEndpointMethod.Describe(t, batch));
        })
    {
    }

    private NotificationListener(Transport transport, IEnumerable<Target> targets, NotificationListenerOptions? options,
        NotificationEndpointActivator? activator, Func<bool, IEnumerable<(NotificationPriority Priority, NotificationEndpointMethod Method)>> describe)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(targets);
        _activator = activator;
        _options = options ?? new NotificationListenerOptions();
        ArgumentNullException.ThrowIfNull(_options.Serializer, nameof(options.Serializer));
        ArgumentNullException.ThrowIfNull(_options.Executor, nameof(options.Executor));
        _options.Batch?.Validate();
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

        var described = describe(_options.Batch is not null).ToArray();
        if (described.Length == 0)
        {
            throw new ArgumentException("A notification listener needs at least one endpoint");
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
    public bool IsRunning => _lifecycle.IsRunning;

    /// <summary>Starts consuming. Ignored while running; after a stop, first finishes the previous run's wait.</summary>
    /// <exception cref="ServerListenException">The transport could not start consuming (the first target is named).</exception>
    /// <exception cref="NotSupportedException">The transport's driver has no notification listeners.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => _lifecycle.StartAsync(StartRunAsync, cancellationToken);

    /// <summary>Stops taking notifications; those already taken go on being processed (see <see cref="WaitAsync"/>).
    /// Returns once the transport hands over no more; those not taken stay on the queue. No-op when not running.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _lifecycle.StopAsync(cancellationToken);

    /// <summary>Waits for <see cref="StopAsync"/>, then for every notification taken (a partial batch included) to be
    /// processed and acknowledged or requeued, then closes the consumers. Returns at once if never started.</summary>
    public Task WaitAsync(CancellationToken cancellationToken = default) => _lifecycle.WaitAsync(cancellationToken);

    /// <summary>Stops and waits.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await WaitAsync().ConfigureAwait(false);
    }

    private async Task<ListenerRun> StartRunAsync(CancellationToken cancellationToken)
    {
        // Intake (decode) feeds the batcher, if any, which feeds the executor's workers (dispatch, then settle).
        var processor = new NotificationProcessor(_methods, _activator, _options.Serializer, _options.AllowRequeue, _logger);
        var batch = _options.Batch;
        var work = new WorkQueue<PendingNotification[]>(_options.Executor.MaxConcurrency,
            batch is null ? processor.ProcessOneAsync : processor.ProcessBatchAsync, pendingReplies: null,
            (_, ex) => NotifyLog.ProcessingCrashed(_logger, ex));
        var batcher = batch is null ? null : new NotificationBatcher(batch, work.EnqueueAsync, _transport.TimeProvider);
        Func<PendingNotification, CancellationToken, ValueTask> forward = batcher is null
            ? (pending, token) => work.EnqueueAsync([pending], token)
            : batcher.AddAsync;
        var intake = new NotificationIntake(forward, _options.Serializer, _options.Executor.MaxConcurrency, batch?.Size ?? 1, _logger);
        TransportListener listener;
        try
        {
            listener = await _transport.Driver.ListenForNotificationsAsync(_bindings, intake, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await work.DrainAsync().ConfigureAwait(false); // no listener: release the idle workers
            if (ex is OperationCanceledException or NotSupportedException)
            {
                throw;
            }

            throw new ServerListenException(Targets[0], ex);
        }

        // Stop: notifications already taken must not hold the stop while the executor is full. Drain (the wait): the
        // partial batch goes to the executor, then every taken notification is processed and settled.
        return new ListenerRun(listener, work.StopBackpressure, async () =>
        {
            if (batcher is not null)
            {
                await batcher.CompleteAsync().ConfigureAwait(false);
            }

            await work.DrainAsync().ConfigureAwait(false);
        });
    }
}
