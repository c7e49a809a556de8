namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>Where one message is published.</summary>
/// <param name="Exchange">The exchange name ("" = the default exchange).</param>
/// <param name="RoutingKey">The routing key.</param>
/// <param name="Declare">The exchange to declare before the first publish on a channel; null for the default exchange.</param>
/// <param name="DeclareQueue">A queue to declare and bind before the first publish on a channel (a notifier's
/// <c>&lt;topic&gt;.&lt;priority&gt;</c> queue), or null.</param>
internal readonly record struct Route(string Exchange, string RoutingKey, ExchangeSpec? Declare, QueueSpec? DeclareQueue = null);
