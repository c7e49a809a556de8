namespace Oslo.Messaging.Transports;

/// <summary>One binding of a queue a notification listener consumes: the queue <paramref name="Queue"/> receives what
/// is published to <paramref name="Exchange"/> with <paramref name="RoutingKey"/>.</summary>
/// <param name="Queue">The queue name (<c>&lt;topic&gt;.&lt;priority&gt;</c>, or the pool name).</param>
/// <param name="Exchange">The exchange; null = the driver's control exchange.</param>
/// <param name="RoutingKey">The routing key, <c>&lt;topic&gt;.&lt;priority&gt;</c>.</param>
/// <param name="Temporary">The queue belongs to this listener alone: declared transient, expiring when unused (as
/// reply queues), and deleted when the listener is disposed. Default false: a shared queue that outlives listeners.</param>
public readonly record struct QueueBinding(string Queue, string? Exchange, string RoutingKey, bool Temporary = false);
