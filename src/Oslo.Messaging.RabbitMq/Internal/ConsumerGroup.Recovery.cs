using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Transports;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>Recovery of a group's consumers: a lost consumer or channel set up again with back-off, and the periodic queue check.</summary>
internal sealed partial class ConsumerGroup
{
    private void OnConsumerLost(QueueConsumer consumer, string reason) => _ = TryRecover(consumer, reason);

    /// <summary>The running recovery of this group, or a new one from <paramref name="start"/>: never two at once.</summary>
    private Task Recover(Func<Task> start)
    {
        lock (_recoveryLock)
        {
            if (_recovery.IsCompleted)
            {
                _recovery = start();
            }

            return _recovery;
        }
    }

    /// <summary>Recovers the group after <paramref name="consumer"/> was lost, unless its connection is down (the keeper
    /// then sets everything up again); returns the recovery (the one already running, if any), or a completed task.</summary>
    private Task TryRecover(QueueConsumer consumer, string reason)
    {
        if (_lifetime.IsCancellationRequested || _keeper.Current is null)
        {
            return Task.CompletedTask;
        }

        return Recover(() =>
        {
            RabbitMqLog.ConsumerLost(_logger, consumer.Spec.Name, reason);
            return Task.Run(() => RecoverAsync(null), CancellationToken.None);
        });
    }

    /// <summary>Sets up again, with back-off, until every consumer consumes (a loss reported while a round runs is
    /// seen by the next round), the connection is down (the keeper's turn) or the group is disposed.</summary>
    private async Task RecoverAsync(IConnection? first)
    {
        var failures = 0;
        var lifetime = _lifetime.Token;
        try
        {
            // first: a connection the keeper has not published yet (a shared connection's set-up round).
            while (!lifetime.IsCancellationRequested && !_stopped && (first is { IsOpen: true } ? first : _keeper.Current) is { } connection)
            {
                first = null;
                string problem;
                try
                {
                    await ConsumeAllAsync(connection, lifetime).ConfigureAwait(false);
                    if (_stopped || (Volatile.Read(ref _channel) is { } channel && _consumers.All(c => c.IsConsumingOn(channel))))
                    {
                        RabbitMqLog.ConsumerRecovered(_logger, QueueNames);
                        return;
                    }

                    problem = "a consumer was lost again while being set up";
                }
                catch (Exception ex) when (!lifetime.IsCancellationRequested)
                {
                    problem = BrokerErrors.Describe(ex);
                }

                failures++;
                var delay = Backoff.Delay(_settings, failures);
                RabbitMqLog.ConsumerRecoveryFailed(_logger, QueueNames, problem, delay.TotalSeconds);
                await Task.Delay(delay, _time, lifetime).ConfigureAwait(false);
            }
        }
        catch (Exception) when (lifetime.IsCancellationRequested)
        {
            // Disposed: whatever the broker objects threw while being closed no longer matters.
        }
    }

    private async Task CheckLoopAsync()
    {
        var lifetime = _lifetime.Token;
        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                await Task.Delay(_settings.QueueCheckInterval, _time, lifetime).ConfigureAwait(false);
                await CheckOnceAsync(lifetime).ConfigureAwait(false);
            }
        }
        catch (Exception) when (lifetime.IsCancellationRequested)
        {
            // Disposed: whatever the broker objects threw while being closed no longer matters.
        }
    }

    /// <summary>One round of queue checks; returns when the recoveries it started are done. Public for tests.</summary>
    public async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        var recoveries = new List<Task>();
        foreach (var consumer in _consumers)
        {
            if (_keeper.Current is null)
            {
                break;
            }

            string? problem;
            try
            {
                problem = await consumer.CheckAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (BrokerErrors.IsBrokerFailure(ex) || ex is ObjectDisposedException)
            {
                continue; // The connection is failing: the keeper deals with it.
            }

            if (problem is not null)
            {
                RabbitMqLog.QueueCheckFailed(_logger, consumer.Spec.Name, problem);
                consumer.MarkLost();
                recoveries.Add(TryRecover(consumer, problem));
            }
        }

        await Task.WhenAll(recoveries).ConfigureAwait(false);
    }
}
