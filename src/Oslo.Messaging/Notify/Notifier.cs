using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Notify.Internal;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Serialization;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Notify;

/// <summary>
/// Emits notifications (oslo's <c>Notifier</c>): one message per event, sent by each of its drivers; the messaging
/// drivers publish it once per topic to the control exchange with routing key <c>&lt;topic&gt;.&lt;priority&gt;</c>
/// (docs/wire-protocol.md, "Notifications"). Cheap to create; thread-safe.
/// </summary>
/// <remarks>
/// As in oslo, a failed send is logged, not thrown: each method's task completes with <c>true</c> when every driver
/// sent the notification and <c>false</c> when one failed. Set <see cref="NotifierOptions.ThrowOnSendFailure"/> to
/// have the task fail instead. A caller's cancellation always ends the task with <see cref="OperationCanceledException"/>.
/// With the default retry (until cancelled) a notify waits while the broker is unreachable: pass a token, or do not
/// await, when the caller must not wait.
/// </remarks>
public sealed class Notifier
{
    private readonly Transport _transport;
    private readonly NotifierOptions _options;
    private readonly NotificationDriver[] _drivers;
    private readonly string[] _topics;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates a notifier on <paramref name="transport"/> (oslo's <c>get_notification_transport</c> is simply a
    /// <see cref="Transport"/> created for the notification URL, which may name another broker or virtual host).</summary>
    /// <exception cref="ArgumentException">No topic or no driver, or an empty topic.</exception>
    public Notifier(Transport transport, NotifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        options ??= new NotifierOptions();
        ArgumentNullException.ThrowIfNull(options.Serializer, nameof(options.Serializer));
        if (options.Topics is not { Count: > 0 } || options.Topics.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A notifier needs at least one topic, none empty", nameof(options));
        }

        if (options.Drivers is not { Count: > 0 } || options.Drivers.Any(d => d is null))
        {
            throw new ArgumentException("A notifier needs at least one driver (NotificationDriver.Noop to send nothing)", nameof(options));
        }

        _transport = transport;
        _options = options;
        _drivers = [.. options.Drivers];
        _topics = [.. options.Topics];
        _loggerFactory = options.LoggerFactory ?? transport.LoggerFactory;
        _logger = _loggerFactory.CreateLogger<Notifier>();
    }

    /// <summary>The publisher id sent with every notification.</summary>
    public string? PublisherId => _options.PublisherId;

    /// <summary>The topics notifications are published to.</summary>
    public IReadOnlyList<string> Topics => _topics;

    /// <summary>False only when the drivers are exactly <see cref="NotificationDriver.Noop"/> (oslo's <c>is_enabled</c>).</summary>
    public bool IsEnabled => !(_drivers.Length == 1 && ReferenceEquals(_drivers[0], NotificationDriver.Noop));

    /// <summary>A notifier sharing this one's transport, drivers and topics with another publisher id and/or retry
    /// (oslo's <c>prepare</c>); null keeps the current value.</summary>
    public Notifier Prepare(string? publisherId = null, int? retry = null) =>
        new(_transport, _options with { PublisherId = publisherId ?? _options.PublisherId, Retry = retry ?? _options.Retry });

    /// <summary>Sends an <c>AUDIT</c> notification. See <see cref="NotifyAsync"/>.</summary>
    public Task<bool> AuditAsync(RequestContext? context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(NotificationPriority.Audit, context, eventType, payload, cancellationToken);

    /// <summary>Sends a <c>DEBUG</c> notification. See <see cref="NotifyAsync"/>.</summary>
    public Task<bool> DebugAsync(RequestContext? context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(NotificationPriority.Debug, context, eventType, payload, cancellationToken);

    /// <summary>Sends an <c>INFO</c> notification. See <see cref="NotifyAsync"/>.</summary>
    public Task<bool> InfoAsync(RequestContext? context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(NotificationPriority.Info, context, eventType, payload, cancellationToken);

    /// <summary>Sends a <c>WARN</c> notification. See <see cref="NotifyAsync"/>.</summary>
    public Task<bool> WarnAsync(RequestContext? context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(NotificationPriority.Warn, context, eventType, payload, cancellationToken);

    /// <summary>Sends a <c>WARN</c> notification (oslo's <c>warning</c> alias). See <see cref="NotifyAsync"/>.</summary>
    public Task<bool> WarningAsync(RequestContext? context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(NotificationPriority.Warn, context, eventType, payload, cancellationToken);

    /// <summary>Sends an <c>ERROR</c> notification. See <see cref="NotifyAsync"/>.</summary>
    public Task<bool> ErrorAsync(RequestContext? context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(NotificationPriority.Error, context, eventType, payload, cancellationToken);

    /// <summary>Sends a <c>CRITICAL</c> notification. See <see cref="NotifyAsync"/>.</summary>
    public Task<bool> CriticalAsync(RequestContext? context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(NotificationPriority.Critical, context, eventType, payload, cancellationToken);

    /// <summary>Sends a <c>SAMPLE</c> notification. See <see cref="NotifyAsync"/>.</summary>
    public Task<bool> SampleAsync(RequestContext? context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(NotificationPriority.Sample, context, eventType, payload, cancellationToken);

    /// <summary>Sends one notification with every driver.</summary>
    /// <param name="priority">The priority.</param>
    /// <param name="context">The request context; only the keys a notification may carry are sent (never
    /// <c>auth_token</c>). Null = empty.</param>
    /// <param name="eventType">The event type, e.g. <c>compute.instance.create.end</c>.</param>
    /// <param name="payload">Any object the serializer can write, or a <see cref="JsonElement"/>.</param>
    /// <param name="cancellationToken">Cancels the sends still waiting for the broker.</param>
    /// <returns>True when every driver sent it; false when one failed (logged).</returns>
    /// <exception cref="MessagingException">A send failed and <see cref="NotifierOptions.ThrowOnSendFailure"/> is set
    /// (the first failure; every driver was tried).</exception>
    /// <exception cref="JsonException">The payload cannot be serialized (a programming error, always thrown).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<bool> NotifyAsync(NotificationPriority priority, RequestContext? context, string eventType, object? payload,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventType);
        var notification = Build(priority, context ?? new RequestContext(), eventType, payload);
        var scope = new NotificationSendScope(_transport, _topics, _options.Retry, _loggerFactory);
        ExceptionDispatchInfo? firstFailure = null;
        foreach (var driver in _drivers)
        {
            try
            {
                await driver.SendAsync(notification, scope, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                NotifyLog.SendFailed(_logger, eventType, NotificationPriorities.WireName(priority), driver.Name, ex.Message, ex);
                firstFailure ??= ExceptionDispatchInfo.Capture(ex);
            }
        }

        if (firstFailure is not null && _options.ThrowOnSendFailure)
        {
            firstFailure.Throw();
        }

        return firstFailure is null;
    }

    private OutgoingNotification Build(NotificationPriority priority, RequestContext context, string eventType, object? payload)
    {
        var serializer = _options.Serializer;
        using var buffer = new PooledBufferWriter(512);
        using var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions);
        serializer.SerializeEntity(writer, context, payload, payload?.GetType() ?? typeof(object));
        writer.Flush();
        var payloadElement = JsonElement.Parse(buffer.WrittenSpan);
        return new OutgoingNotification(
            MessageIds.NewDashed(), // uuid4 with dashes, unlike RPC ids (docs/wire-protocol.md, "Notifications")
            _options.PublisherId,
            eventType,
            priority,
            payloadElement,
            PythonTimestamp.Format(_transport.TimeProvider.GetUtcNow()),
            ContextWhitelist.Filter(serializer.SerializeContext(context)));
    }
}
