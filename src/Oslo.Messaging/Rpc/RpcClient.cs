using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Telemetry;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc;

/// <summary>
/// Calls and casts to a target (oslo's <c>get_rpc_client</c>). Immutable: <see cref="Prepare"/> returns a new client
/// with overrides; all clients of a transport share its reply address. Thread-safe.
/// </summary>
public sealed class RpcClient
{
    private readonly Transport _transport;
    private Func<ReplyRouter>? _newReplyRouter; // made once: a lambda per call was an allocation per call
    private readonly RpcClientOptions _options;
    private readonly string _system;

    /// <summary>Creates a client for <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is not positive.</exception>
    public RpcClient(Transport transport, Target target, RpcClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(target);
        _transport = transport;
        Target = target;
        _options = Validated(options ?? new RpcClientOptions());
        _system = MessagingTelemetry.SystemOf(transport);
    }

    /// <summary>The target messages go to.</summary>
    public Target Target { get; }

    /// <summary>The options in force (immutable; <see cref="Prepare"/> derives new ones).</summary>
    public RpcClientOptions Options => _options;

    /// <summary>The reply timeout of calls.</summary>
    public TimeSpan Timeout => _options.Timeout;

    /// <summary>
    /// A client with overrides (oslo's <c>prepare</c>); every omitted value is inherited.
    /// </summary>
    /// <exception cref="MessagingException"><paramref name="version"/> is not "int.int[...]".</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is not positive.</exception>
    public RpcClient Prepare(
        string? exchange = null,
        string? topic = null,
        string? @namespace = null,
        string? version = null,
        string? server = null,
        bool? fanout = null,
        TimeSpan? timeout = null,
        string? versionCap = null,
        int? retry = null,
        TimeSpan? callMonitorTimeout = null,
        bool? atLeastOnce = null)
    {
        if (version is not null && !RpcVersion.IsWellFormed(version))
        {
            throw new MessagingException("Version must contain a major and minor integer");
        }

        return new RpcClient(
            _transport,
            Target.With(exchange, topic, @namespace, version, server, fanout),
            _options with
            {
                Timeout = timeout ?? _options.Timeout,
                VersionCap = versionCap ?? _options.VersionCap,
                Retry = retry ?? _options.Retry,
                CallMonitorTimeout = callMonitorTimeout ?? _options.CallMonitorTimeout,
                AtLeastOnce = atLeastOnce ?? _options.AtLeastOnce,
            });
    }

    private static RpcClientOptions Validated(RpcClientOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options.Timeout));
        if (options.CallMonitorTimeout is { } monitor)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(monitor, TimeSpan.Zero, nameof(options.CallMonitorTimeout));
        }

        ArgumentNullException.ThrowIfNull(options.Serializer, nameof(options.Serializer));
        return options;
    }

    /// <summary>oslo's <c>can_send_version</c>: true without a cap, else whether <paramref name="version"/>
    /// (default: the target's) is compatible with the cap.</summary>
    public bool CanSendVersion(string? version = null) =>
        _options.VersionCap is null || RpcVersion.IsCompatible(_options.VersionCap, version ?? Target.Version);

    /// <summary>Sends a one-way message; returns once the transport accepted it (no reply, no server guarantee).
    /// With <see cref="Target.Fanout"/> every server of the topic gets it.</summary>
    /// <param name="context">The request context.</param>
    /// <param name="method">The remote method's wire name.</param>
    /// <param name="args">Named arguments: an anonymous object (snake_case names), a dictionary or a JSON object; null for none.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <exception cref="ArgumentException"><paramref name="args"/> has no argument names (a string, a number, a list, a JSON array).</exception>
    /// <exception cref="InvalidTargetException">No topic.</exception>
    /// <exception cref="RpcVersionCapException">The target's version is above the cap.</exception>
    /// <exception cref="MessageDeliveryFailureException">Not sent within the timeout or retries.</exception>
    public async Task CastAsync(RequestContext context, string method, object? args = null, CancellationToken cancellationToken = default)
    {
        Check(method, isCall: false);
        var started = _transport.TimeProvider.GetTimestamp();
        using var activity = MessagingTelemetry.StartClient(method, Target, isCall: false, _system);
        Exception? error = null;
        try
        {
            using var body = Encode(context, method, args, messageId: null, replyQueue: null, activity);
            await SendAsync(body.WrittenMemory, timeToLive: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            MessagingTelemetry.RecordClient(method, Target, isCall: false, _system, error, _transport.TimeProvider.GetElapsedTime(started), activity);
        }
    }

    /// <summary>Calls a remote method and returns its result converted to <typeparamref name="T"/>.</summary>
    /// <param name="context">The request context.</param>
    /// <param name="method">The remote method's wire name.</param>
    /// <param name="args">Named arguments: an anonymous object (snake_case names), a dictionary or a JSON object; null for none.</param>
    /// <param name="cancellationToken">Cancels the call with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="args"/> has no argument names (a string, a number, a list, a JSON array).</exception>
    /// <exception cref="InvalidTargetException">No topic, or fanout.</exception>
    /// <exception cref="RpcVersionCapException">The target's version is above the cap.</exception>
    /// <exception cref="MessagingTimeoutException">No reply within the timeout (or no heartbeat within the call-monitor timeout).</exception>
    /// <exception cref="RemoteErrorException">The remote method failed with an exception type not in the allow-list.</exception>
    /// <exception cref="MessageDeliveryFailureException">The request could not be sent.</exception>
    /// <exception cref="MessageUndeliverableException">Mandatory (<c>atLeastOnce</c>) and no server queue.</exception>
    public async Task<T> CallAsync<T>(RequestContext context, string method, object? args = null, CancellationToken cancellationToken = default)
    {
        var reply = await CallRawAsync(context, method, args, cancellationToken).ConfigureAwait(false);
        return (T)_options.Serializer.DeserializeEntity(context, reply, typeof(T))!;
    }

    /// <summary>Calls a remote method and returns the raw JSON result.</summary>
    /// <inheritdoc cref="CallAsync{T}"/>
    public async Task<JsonElement> CallAsync(RequestContext context, string method, object? args = null, CancellationToken cancellationToken = default) =>
        await CallRawAsync(context, method, args, cancellationToken).ConfigureAwait(false);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // awaited once: a pooled state machine, not one per call
    private async ValueTask<JsonElement> CallRawAsync(RequestContext context, string method, object? args, CancellationToken cancellationToken)
    {
        Check(method, isCall: true);
        var time = _transport.TimeProvider;
        var replies = await _transport.GetReplyConsumerAsync(_newReplyRouter ??= NewReplyRouter, cancellationToken).ConfigureAwait(false);
        var messageId = MessageIds.New();
        var started = time.GetTimestamp();
        var waiter = replies.Register(messageId, started);
        using var activity = MessagingTelemetry.StartClient(method, Target, isCall: true, _system);
        activity?.SetTag("messaging.message.id", messageId);
        Exception? error = null;
        try
        {
            using (var body = Encode(context, method, args, messageId, replies.Address, activity))
            {
                await SendAsync(body.WrittenMemory, _options.Timeout, cancellationToken, expectsReply: true).ConfigureAwait(false);
            }

            var reply = await WaitAsync(waiter, messageId, started, cancellationToken).ConfigureAwait(false);
            if (reply.Failure is not null)
            {
                throw _transport.RemoteExceptions.Create(FailureCodec.Decode(reply.Failure));
            }

            return reply.Value.ValueKind == JsonValueKind.Undefined ? WireJson.Null : reply.Value; // no "result" key = None, as oslo
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            replies.Unregister(messageId);
            MessagingTelemetry.RecordClient(method, Target, isCall: true, _system, error, time.GetElapsedTime(started), activity);
        }
    }

    private ReplyRouter NewReplyRouter() => new(_transport.LoggerFactory.CreateLogger<ReplyRouter>(), _transport.TimeProvider);

    /// <summary>Waits for the reply: overall deadline, and with call monitoring a deadline restarted by every heartbeat.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // awaited once: a pooled state machine, not one per call
    private async ValueTask<ReplyMessage> WaitAsync(ReplyWaiter waiter, string messageId, long started, CancellationToken cancellationToken)
    {
        var time = _transport.TimeProvider;
        while (true)
        {
            var remaining = _options.Timeout - time.GetElapsedTime(started);
            var wait = remaining;
            if (_options.CallMonitorTimeout is { } monitor)
            {
                var monitorRemaining = monitor - time.GetElapsedTime(waiter.LastActivity);
                wait = monitorRemaining < wait ? monitorRemaining : wait;
            }

            if (wait <= TimeSpan.Zero)
            {
                throw TimedOut(messageId, remaining <= TimeSpan.Zero);
            }

            try
            {
                // Clamped: a timeout beyond what a timer accepts waits in rounds of the longest one.
                return await waiter.Task.WaitAsync(Deadline.Clamp(wait), time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Loop: a heartbeat may have moved the monitor deadline; otherwise the next round throws.
            }
        }
    }

    private MessagingTimeoutException TimedOut(string messageId, bool overall) => new(
        overall
            ? $"Timed out waiting for a reply to message ID {messageId} (timeout {_options.Timeout.TotalSeconds:0.###} s, {Target})"
            : $"Timed out waiting for a reply to message ID {messageId}: no heartbeat within the call monitor timeout of {_options.CallMonitorTimeout!.Value.TotalSeconds:0.###} s ({Target})",
        messageId);

    private void Check(string method, bool isCall)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        Target.ValidateForSend(isCall);
        if (_options.VersionCap is not null && !SafeCompatible(_options.VersionCap, Target.Version))
        {
            throw new RpcVersionCapException(Target.Version, _options.VersionCap);
        }
    }

    private static bool SafeCompatible(string cap, string? version)
    {
        try
        {
            return RpcVersion.IsCompatible(cap, version);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // activity: the call's span; without one (nobody listens to this library) the caller's current activity, if any,
    // is propagated instead, so a trace still crosses an uninstrumented client.
    private PooledBufferWriter Encode(RequestContext context, string method, object? args, string? messageId, string? replyQueue, Activity? activity)
    {
        var serializer = _options.Serializer;
        var request = new OutgoingRequest(
            method, args, Target.Namespace, Target.Version, messageId, replyQueue,
            _options.CallMonitorTimeout, context, activity ?? Activity.Current);
        var buffer = new PooledBufferWriter(1024);
        try
        {
            RequestCodec.Encode(buffer, request, serializer);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Sends within the call's timeout: a broker that stays away longer fails the send, never hangs it.</summary>
    private ValueTask SendAsync(ReadOnlyMemory<byte> body, TimeSpan? timeToLive, CancellationToken cancellationToken, bool expectsReply = false) =>
        DeadlineSend.SendAsync(
            _transport, Destination.For(Target), body,
            new SendOptions(timeToLive, _options.AtLeastOnce, _options.Retry) { ExpectsReply = expectsReply }, _options.Timeout, cancellationToken);
}
