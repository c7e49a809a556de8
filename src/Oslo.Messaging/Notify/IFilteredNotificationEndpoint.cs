namespace Oslo.Messaging.Notify;

/// <summary>A notification endpoint that receives only the notifications its <see cref="Filter"/> matches (oslo's
/// <c>filter_rule</c> attribute); the others skip it and go on to the next endpoint.</summary>
public interface IFilteredNotificationEndpoint
{
    /// <summary>The filter; read once, when the listener is created.</summary>
    NotificationFilter Filter { get; }
}
