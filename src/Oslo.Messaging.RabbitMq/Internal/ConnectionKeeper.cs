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
    private static readonly TimeSpan _loopExitWait = TimeSpan.FromSeconds(2);
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
    private int _disposed;

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

    /// <summary>What the connection is for (<c>send</c>, <c>listen topic.server</c>, <c>reply reply_…</c>).</summary>
    public string Purpose => _purpose;

    /// <summary>True once the loop was started: the owner needs the connection from then on.</summary>
    public bool IsStarted
    {
        get
        {
            lock (_sync)
            {
                return _loop is not null && _disposed == 0;
            }
        }
    }

    /// <summary>Starts the loop (once).</summary>
    public void Start()
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed == 1, this);
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

            ObjectDisposedException.ThrowIf(_disposed == 1, this);
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            var (error, failed) = LastFailure;
            if (failed > failedBefore && error is not null && (!budget.TryConsume(error) || BrokerErrors.IsAuthenticationFailure(error)))
            {
                // Wrong credentials do not get better by retrying: fail the send at once (the loop keeps trying).
                throw error as MessageDeliveryFailureException ?? new MessageDeliveryFailureException(BrokerErrors.Describe(error), error);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Task? loop;
        lock (_sync)
        {
            loop = _loop;
            _loop = Task.CompletedTask; // No start after dispose.
        }

        // Cancelled outside the lock: cancellation runs the loop's continuations inline.
        await _stop.CancelAsync().ConfigureAwait(false);
        Signal(null, null);
        if (loop is not null)
        {
            // RabbitMQ.Client does not abandon a connection handshake on cancellation (a silent host holds it until
            // its own timeout). Disposal does not wait for that: the loop closes such a late connection and ends.
            try
            {
                await loop.WaitAsync(_loopExitWait).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Still inside a handshake; it ends on its own.
            }
        }
    }

    private async Task RunAsync()
    {
        var failures = 0;
        var stop = _stop.Token;
        for (var first = true; !stop.IsCancellationRequested; first = false)
        {
            if (!first && !await DelayAsync(Backoff.Delay(_settings, failures), stop).ConfigureAwait(false))
            {
                break;
            }

            (IConnection Connection, int Host, Task<string> Lost) session;
            try
            {
                session = await OpenAsync(Backoff.Delay(_settings, failures + 1), stop).ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                Signal(null, ex);
                continue;
            }

            failures = 0;
            Signal(session.Connection, null);
            var endpoint = session.Connection.Endpoint.ToString();
            RabbitMqLog.Connected(_logger, endpoint, _purpose);
            string reason;
            try
            {
                reason = await session.Lost.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await BrokerObjects.CloseAsync(session.Connection, abort: false).ConfigureAwait(false);
                break;
            }

            _rotation.Lost(session.Host);
            RabbitMqLog.ConnectionLost(_logger, _purpose, reason, Backoff.Delay(_settings, 0).TotalSeconds);
            Volatile.Write(ref _current, null);
            await BrokerObjects.CloseAsync(session.Connection, abort: true).ConfigureAwait(false);
        }
    }

    /// <summary>Connects and runs the owner's set-up; logs a failure (with the coming delay) and rethrows it.</summary>
    private async Task<(IConnection Connection, int Host, Task<string> Lost)> OpenAsync(TimeSpan nextDelay, CancellationToken stop)
    {
        IConnection connection;
        int host;
        try
        {
            (connection, host) = await _connector.ConnectAsync(_rotation, _purpose, stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            RabbitMqLog.ConnectFailed(_logger, _purpose, BrokerErrors.Describe(ex), nextDelay.TotalSeconds);
            throw;
        }

        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionShutdownAsync += (_, e) => OnShutdown(lost, e);
        connection.ConnectionBlockedAsync += (_, e) => OnBlocked(e);
        connection.ConnectionUnblockedAsync += (_, _) => OnUnblocked();
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
        catch (Exception ex)
        {
            if (!stop.IsCancellationRequested)
            {
                RabbitMqLog.SetupFailed(_logger, _purpose, BrokerErrors.Describe(ex), nextDelay.TotalSeconds);
            }

            await BrokerObjects.CloseAsync(connection, abort: true).ConfigureAwait(false);
            throw;
        }

        return (connection, host, lost.Task);
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

    private Task OnUnblocked()
    {
        RabbitMqLog.Unblocked(_logger, _purpose);
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

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
