using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Serialization;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>
/// Decodes each notification and calls, in order, every endpoint method of its priority whose filter matches, as
/// oslo's <c>NotificationDispatcher</c>: the first <see cref="NotificationResult.Requeue"/> (or exception) ends the
/// round. The driver then acknowledges, or requeues when the result says so and requeue is allowed.
/// </summary>
internal sealed class NotificationIntake(
    IReadOnlyDictionary<NotificationPriority, NotificationEndpointMethod[]> methods,
    RpcSerializer serializer,
    bool allowRequeue,
    ILogger logger) : IAcknowledgingMessageHandler
{
    public async ValueTask<DeliveryOutcome> HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (Decode(message) is not { } notification)
        {
            return DeliveryOutcome.Acknowledge; // Logged; redelivering a message that cannot be read would loop forever.
        }

        var result = await DispatchAsync(notification, cancellationToken).ConfigureAwait(false);
        if (result == NotificationResult.Requeue)
        {
            if (allowRequeue)
            {
                return DeliveryOutcome.Requeue;
            }

            NotifyLog.RequeueRefused(logger, notification.Metadata.MessageId, notification.EventType);
        }

        return DeliveryOutcome.Acknowledge;
    }

    private async ValueTask<NotificationResult> DispatchAsync(ReceivedNotification notification, CancellationToken cancellationToken)
    {
        if (!methods.TryGetValue(notification.Priority, out var candidates))
        {
            return NotificationResult.Handled; // A pool queue bound by another listener's priorities: nobody here wants it.
        }

        foreach (var method in candidates)
        {
            if (method.Filter is { } filter
                && !filter.Matches(notification.Context, notification.PublisherId, notification.EventType, notification.Metadata, notification.Payload))
            {
                continue;
            }

            NotificationResult result;
            try
            {
                result = await method.InvokeAsync(notification, serializer, cancellationToken).ConfigureAwait(false);
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

    private ReceivedNotification? Decode(IncomingMessage message)
    {
        var opened = Envelope.Open(message.Body.Span);
        var problem = opened.Problem
            ?? (opened.UnsupportedVersion is { } version ? $"unsupported envelope version {version}" : null)
            ?? (opened.Message.ValueKind != JsonValueKind.Object ? "the message is not a JSON object" : null);
        if (problem is not null)
        {
            NotifyLog.Malformed(logger, message.Source, problem, message.Body.Length);
            return null;
        }

        var body = opened.Message;
        var priorityName = StringOf(body, "priority");
        if (NotificationPriorities.Parse(priorityName) is not { } priority)
        {
            NotifyLog.UnknownPriority(logger, priorityName, message.Source);
            return null;
        }

        var context = new RequestContext();
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name.StartsWith("_context_", StringComparison.Ordinal))
            {
                context[property.Name["_context_".Length..]] = property.Value;
            }
        }

        context[RequestContext.ClientTimeoutKey] = WireJson.Null; // as oslo's listener adds client_timeout: None
        context = serializer.DeserializeContext(context);
        var payload = body.TryGetProperty("payload", out var p) ? p : WireJson.Null;
        var metadata = new NotificationMetadata(StringOf(body, "message_id"), StringOf(body, "timestamp"));
        return new ReceivedNotification(priority, context, StringOf(body, "publisher_id"), StringOf(body, "event_type"), payload, metadata);
    }

    private static string? StringOf(JsonElement body, string key) =>
        body.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
