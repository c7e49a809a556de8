using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// Keeps one AMQP connection open: a background loop connects (failing over between hosts), runs the owner's set-up
/// (declares and consumers) on every new connection, waits for the connection to be lost, and reconnects with oslo's
/// back-off (<see cref="Backoff"/>). Waiters get the open connection, or a failure once their retry budget is spent.
/// </summary>
/// <remarks>
/// Why not RabbitMQ.Client's automatic recovery: it replays what it recorded, not what oslo needs (a consumer whose
/// queue was deleted while the connection stayed up is never recovered; the back-off is a fixed interval), and it gives
/// no per-send retry budget. Owning the loop makes every guarantee testable.
/// </remarks>
internal sealed class ConnectionKeeper : IAsyncDisposable
{
    private readonly BrokerConnector _connector;
    private readonly HostRotation _rotation;
    private readonly string _purpose;
    private readonly Func<IConnection, CancellationToken, Task>? _onConnected;
    private readonly RabbitSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _sync = new();
    private TaskCompletionSource _changed = NewSignal();
    private IConnection? _current;
    private Exception? _lastError;
    private long _failedRounds;
    private Task? _loop;

    public ConnectionKeeper(BrokerConnector connector, string purpose, RabbitSettings settings, ILogger logger, TimeProvider time,
        Func<IConnection, CancellationToken, Task>? onConnected = null)
    {
        _connector = connector;
        _rotation = connector.CreateRotation();
        _purpose = purpose;
        _settings = settings;
        _logger = logger;
        _time = time;
        _onConnected = onConnected;
    }

    /// <summary>The open connection, or null while (re)connecting.</summary>
    public IConnection? Current
    {
        get
        {
            var connection = Volatile.Read(ref _current);
            return connection is { IsOpen: true } ? connection : null;
        }
    }

    /// <summary>Completes (and is replaced) whenever a connection is made or a connection round fails.</summary>
    public Task Changed
    {
        get
        {
            lock (_sync)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>The error of the latest failed round, and how many rounds have failed so far.</summary>
    public (Exception? Error, long FailedRounds) LastFailure
    {
        get
        {
            lock (_sync)
            {
                return (_lastError, _failedRounds);
            }
        }
    }

    /// <summary>Starts the loop (once).</summary>
    public void Start()
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _loop ??= Task.Run(RunAsync);
        }
    }

    /// <summary>The open connection, waiting for a reconnect while the budget allows.</summary>
    /// <exception cref="MessageDeliveryFailureException">The broker stayed unreachable beyond the budget, or refused the credentials.</exception>
    public async ValueTask<IConnection> GetAsync(RetryBudget budget, CancellationToken cancellationToken)
    {
        if (Current is { } ready)
        {
            return ready;
        }

        Start();
        while (true)
        {
            Task changed;
            long failedBefore;
            lock (_sync)
            {
                if (_current is { IsOpen: true } connection)
                {
                    return connection;
                }

                changed = _changed.Task;
                failedBefore = _failedRounds;
            }

            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            var (error, failed) = LastFailure;
            if (failed > failedBefore && error is not null && (BrokerErrors.IsAuthenticationFailure(error) || !budget.TryConsume(error)))
            {
                throw error as MessageDeliveryFailureException ?? new MessageDeliveryFailureException(BrokerErrors.Describe(error), error);
            }
        }
    }

    /// <summary>Drops <paramref name="connection"/> (if still the current one) so the loop reconnects and sets up again.</summary>
    public async Task RecycleAsync(IConnection connection, string reason)
    {
        if (ReferenceEquals(Volatile.Read(ref _current), connection))
        {
            try
            {
                await connection.AbortAsync(Constants.ConnectionForced, reason, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex) || ex is ObjectDisposedException)
            {
                // Already gone: the loop sees the shutdown either way.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_sync)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        Signal(null, null);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var failures = 0;
        var first = true;
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            if (!first && !await DelayAsync(Backoff.Delay(_settings, failures), stop).ConfigureAwait(false))
            {
                break;
            }

            first = false;
            IConnection connection;
            int host;
            try
            {
                (connection, host) = await _connector.ConnectAsync(_rotation, _purpose, stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                failures++;
                RabbitMqLog.ConnectFailed(_logger, _purpose, BrokerErrors.Describe(ex), Backoff.Delay(_settings, failures).TotalSeconds);
                Signal(null, ex);
                continue;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.ConnectionShutdownAsync += (_, e) => OnShutdown(lost, e);
            connection.ConnectionBlockedAsync += (_, e) => OnBlocked(e);
            if (!connection.IsOpen)
            {
                lost.TrySetResult(connection.CloseReason?.ToString() ?? "closed");
            }

            try
            {
                if (_onConnected is not null)
                {
                    await _onConnected(connection, stop).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                failures++;
                RabbitMqLog.SetupFailed(_logger, _purpose, BrokerErrors.Describe(ex), Backoff.Delay(_settings, failures).TotalSeconds);
                await CloseAsync(connection, abort: true).ConfigureAwait(false);
                Signal(null, ex);
                continue;
            }
            catch (OperationCanceledException)
            {
                await CloseAsync(connection, abort: false).ConfigureAwait(false);
                break;
            }

            failures = 0;
            Signal(connection, null);
            var endpoint = connection.Endpoint.ToString();
            RabbitMqLog.Connected(_logger, endpoint, _purpose);
            string reason;
            try
            {
                reason = await lost.Task.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await CloseAsync(connection, abort: false).ConfigureAwait(false);
                break;
            }

            _rotation.Lost(host);
            RabbitMqLog.ConnectionLost(_logger, _purpose, reason, Backoff.Delay(_settings, 0).TotalSeconds);
            Volatile.Write(ref _current, null);
            await CloseAsync(connection, abort: true).ConfigureAwait(false);
        }
    }

    private static Task OnShutdown(TaskCompletionSource<string> lost, ShutdownEventArgs e)
    {
        lost.TrySetResult($"{e.ReplyCode} {e.ReplyText}".Trim());
        return Task.CompletedTask;
    }

    private Task OnBlocked(ConnectionBlockedEventArgs e)
    {
        RabbitMqLog.Blocked(_logger, _purpose, e.Reason);
        return Task.CompletedTask;
    }

    private void Signal(IConnection? connection, Exception? error)
    {
        TaskCompletionSource previous;
        lock (_sync)
        {
            if (connection is not null)
            {
                _current = connection;
            }

            if (error is not null)
            {
                _lastError = error;
                _failedRounds++;
            }

            previous = _changed;
            _changed = NewSignal();
        }

        previous.TrySetResult();
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task CloseAsync(IConnection connection, bool abort)
    {
        try
        {
            if (abort)
            {
                await connection.AbortAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            else
            {
                await connection.CloseAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex) || ex is ObjectDisposedException or OperationCanceledException)
        {
            // Closing a dead connection: nothing left to do.
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
