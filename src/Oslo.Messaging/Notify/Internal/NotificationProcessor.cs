using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Serialization;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>
/// The executor's half of a listener run, as oslo's <c>NotificationDispatcher</c> and <c>BatchNotificationDispatcher</c>:
/// calls, in order, every endpoint method of a notification's priority whose filter matches, then settles. The first
/// <see cref="NotificationResult.Requeue"/> (or exception) ends the round and requeues, when the listener allows it.
/// Never throws: a payload that does not bind or a filter that times out on a peer's value is logged and the
/// notification acknowledged, since redelivering it would fail the same way forever.
/// </summary>
internal sealed class NotificationProcessor(
    IReadOnlyDictionary<NotificationPriority, NotificationEndpointMethod[]> methods,
    NotificationEndpointActivator? activator,
    RpcSerializer serializer,
    bool allowRequeue,
    ILogger logger)
{
    private readonly NotificationEndpointActivator? _activator = activator;
    /// <summary>Processes one notification (a listener) and settles it.</summary>
    public Task ProcessOneAsync(PendingNotification[] single) => GuardAsync(single, static async (self, work) =>
    {
        var pending = work[0];
        var endpoints = new NotificationEndpoints(self._activator, pending.Notification.Context);
        NotificationResult result;
        try
        {
            result = await self.DispatchAsync(pending.Notification, endpoints).ConfigureAwait(false);
        }
        finally
        {
            await self.EndScopeAsync(endpoints).ConfigureAwait(false);
        }

        await self.SettleAsync(pending, result).ConfigureAwait(false);
    });

    /// <summary>Processes a batch (a batch listener): per priority, each endpoint method gets the notifications its filter
    /// matches; a requeue requeues every notification of that priority in the batch. Then settles each.</summary>
    public Task ProcessBatchAsync(PendingNotification[] batch) => GuardAsync(batch, static (self, work) => self.ProcessBatchCoreAsync(work));

    /// <summary>Everything expected is handled inside; if a defect throws anyway, what is not settled yet is
    /// acknowledged (settling twice is a no-op), so the listener's wait never waits for it and nothing loops.</summary>
    private async Task GuardAsync(PendingNotification[] work, Func<NotificationProcessor, PendingNotification[], Task> process)
    {
        try
        {
            await process(this, work).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            NotifyLog.ProcessingCrashed(logger, ex);
            foreach (var pending in work)
            {
                await pending.Settlement.SettleAsync(DeliveryOutcome.Acknowledge).ConfigureAwait(false);
            }
        }
    }

    private async Task ProcessBatchCoreAsync(PendingNotification[] batch)
    {
        var results = new Dictionary<PendingNotification, NotificationResult>(batch.Length);
        var endpoints = new NotificationEndpoints(_activator, context: null); // one scope a batch
        try
        {
            foreach (var group in batch.GroupBy(p => p.Notification.Priority))
            {
                var members = group.ToList();
                var result = NotificationResult.Handled;
                if (methods.TryGetValue(group.Key, out var candidates))
                {
                    result = await DispatchBatchAsync(candidates, members, endpoints).ConfigureAwait(false);
                }

                foreach (var member in members)
                {
                    results[member] = result;
                }
            }
        }
        finally
        {
            await EndScopeAsync(endpoints).ConfigureAwait(false);
        }

        foreach (var pending in batch)
        {
            // Dropped ones (a payload that does not bind, a filter timing out) are no longer members: acknowledged.
            await SettleAsync(pending, results.GetValueOrDefault(pending, NotificationResult.Handled)).ConfigureAwait(false);
        }
    }

    private async ValueTask<NotificationResult> DispatchAsync(ReceivedNotification notification, NotificationEndpoints endpoints)
    {
        if (!methods.TryGetValue(notification.Priority, out var candidates))
        {
            return NotificationResult.Handled; // A pool queue bound by another listener's priorities: nobody here wants it.
        }

        foreach (var method in candidates)
        {
            object endpoint;
            try
            {
                endpoint = endpoints.For(method);
            }
            catch (Exception ex)
            {
                NotifyLog.EndpointFailed(logger, method.EndpointName, method.MethodName, notification.EventType, ex);
                return NotificationResult.Requeue; // as the endpoint's own exception: it could not run
            }

            if (!TryMatch(method, method.FilterOf(endpoint), notification, out var matches))
            {
                return NotificationResult.Handled; // Logged: acknowledged without the remaining endpoints.
            }

            if (!matches)
            {
                continue;
            }

            object? payload;
            try
            {
                payload = method.BindPayload(notification, serializer);
            }
            catch (Exception ex)
            {
                NotifyLog.PayloadNotBound(logger, notification.Metadata.MessageId, notification.EventType, method.PayloadType.Name, method.EndpointName, method.MethodName, ex);
                return NotificationResult.Handled;
            }

            NotificationResult result;
            try
            {
                result = await method.InvokeAsync(endpoint, notification, payload, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                NotifyLog.EndpointFailed(logger, method.EndpointName, method.MethodName, notification.EventType, ex);
                result = NotificationResult.Requeue;
            }

            if (result == NotificationResult.Requeue)
            {
                return result;
            }
        }

        return NotificationResult.Handled;
    }

    /// <summary>Calls each method with the members its filter matches; drops (from <paramref name="members"/>) those a
    /// filter or a payload binding fails on. Returns the first requeue, as oslo: the remaining methods are skipped.</summary>
    private async ValueTask<NotificationResult> DispatchBatchAsync(NotificationEndpointMethod[] candidates, List<PendingNotification> members,
        NotificationEndpoints endpoints)
    {
        foreach (var method in candidates)
        {
            object endpoint;
            try
            {
                endpoint = endpoints.For(method);
            }
            catch (Exception ex)
            {
                NotifyLog.BatchEndpointFailed(logger, method.EndpointName, method.MethodName, members.Count, ex);
                return NotificationResult.Requeue;
            }

            var filter = method.FilterOf(endpoint);
            var selected = new List<(ReceivedNotification Notification, object? Payload)>();
            foreach (var pending in members.ToArray())
            {
                var notification = pending.Notification;
                if (!TryMatch(method, filter, notification, out var matches))
                {
                    members.Remove(pending);
                    continue;
                }

                if (!matches)
                {
                    continue;
                }

                try
                {
                    selected.Add((notification, method.BindPayload(notification, serializer)));
                }
                catch (Exception ex)
                {
                    NotifyLog.PayloadNotBound(logger, notification.Metadata.MessageId, notification.EventType, method.PayloadType.Name, method.EndpointName, method.MethodName, ex);
                    members.Remove(pending);
                }
            }

            if (selected.Count == 0)
            {
                continue;
            }

            NotificationResult result;
            try
            {
                result = await method.InvokeBatchAsync(endpoint, selected, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                NotifyLog.BatchEndpointFailed(logger, method.EndpointName, method.MethodName, selected.Count, ex);
                result = NotificationResult.Requeue;
            }

            if (result == NotificationResult.Requeue)
            {
                return result;
            }
        }

        return NotificationResult.Handled;
    }

    /// <summary>False when the filter timed out on this notification (logged): a peer's value that makes a filter's
    /// regular expression run away must not stop the listener, nor be redelivered to do it again.</summary>
    private bool TryMatch(NotificationEndpointMethod method, NotificationFilter? filter, ReceivedNotification notification, out bool matches)
    {
        try
        {
            matches = filter is null
                || filter.Matches(notification.Context, notification.PublisherId, notification.EventType, notification.Metadata, notification.Payload);
            return true;
        }
        catch (RegexMatchTimeoutException ex)
        {
            NotifyLog.FilterTimedOut(logger, method.EndpointName, notification.Metadata.MessageId, notification.EventType, ex.MatchTimeout.TotalSeconds);
            matches = false;
            return false;
        }
    }

    /// <summary>Ends a notification's endpoint scope. A failing dispose is logged and does not change the outcome: the
    /// endpoints ran, and redelivering the notification would run them again.</summary>
    private async ValueTask EndScopeAsync(NotificationEndpoints endpoints)
    {
        try
        {
            await endpoints.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            NotifyLog.ScopeDisposeFailed(logger, ex);
        }
    }

    private async ValueTask SettleAsync(PendingNotification pending, NotificationResult result)
    {
        var outcome = DeliveryOutcome.Acknowledge;
        if (result == NotificationResult.Requeue)
        {
            if (allowRequeue)
            {
                outcome = DeliveryOutcome.Requeue;
            }
            else
            {
                NotifyLog.RequeueRefused(logger, pending.Notification.Metadata.MessageId, pending.Notification.EventType);
            }
        }

        await pending.Settlement.SettleAsync(outcome).ConfigureAwait(false);
    }
}
