namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>What the broker said about one publish on a <see cref="PipelinedChannel"/>.</summary>
/// <param name="Kind">Confirmed, returned, nacked, or the channel closed first.</param>
/// <param name="ReplyCode">The AMQP code of a return or channel close (e.g. 312 NO_ROUTE, 404 NOT_FOUND).</param>
/// <param name="ReplyText">The broker's text for it.</param>
/// <param name="ByBroker">The broker closed the channel or connection (not the client library or this driver).</param>
internal readonly record struct PublishOutcome(PublishOutcomeKind Kind, int ReplyCode = 0, string ReplyText = "", bool ByBroker = false)
{
    public static readonly PublishOutcome Confirmed = new(PublishOutcomeKind.Confirmed);

    /// <summary>Written to the channel; the verdict goes elsewhere (a detached publish, see <see cref="PipelinedChannel.PublishAsync"/>).</summary>
    public static readonly PublishOutcome Written = new(PublishOutcomeKind.Written);

    public override string ToString() => Kind switch
    {
        PublishOutcomeKind.Confirmed => "confirmed",
        PublishOutcomeKind.Returned => $"returned {ReplyCode} {ReplyText}",
        PublishOutcomeKind.Nacked => "nacked by the broker",
        PublishOutcomeKind.Written => "written, not yet confirmed",
        _ => $"channel closed {ReplyCode} {ReplyText}",
    };
}

/// <summary>Kinds of <see cref="PublishOutcome"/>.</summary>
internal enum PublishOutcomeKind
{
    /// <summary>The broker accepted the message (basic.ack).</summary>
    Confirmed,

    /// <summary>A mandatory message had no route (basic.return, then basic.ack).</summary>
    Returned,

    /// <summary>The broker could not take the message (basic.nack).</summary>
    Nacked,

    /// <summary>The channel (or its connection) closed before the confirm.</summary>
    ChannelClosed,

    /// <summary>Written; the broker's verdict goes to the publish's <see cref="PipelinedChannel.IPublishVerdict"/>.</summary>
    Written,
}
