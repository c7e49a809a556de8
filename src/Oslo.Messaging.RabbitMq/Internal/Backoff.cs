namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>oslo's reconnect pacing (docs/wire-protocol.md, "Reconnecting"): <c>kombu_reconnect_delay</c> after a lost connection, then
/// <c>rabbit_retry_interval</c>, growing by <c>rabbit_retry_backoff</c> per failed round, capped at <c>rabbit_interval_max</c>.</summary>
internal static class Backoff
{
    /// <summary>The pause before the next connection attempt after <paramref name="failures"/> failed rounds in a row
    /// (0 = the connection was just lost).</summary>
    public static TimeSpan Delay(RabbitSettings settings, int failures)
    {
        if (failures <= 0)
        {
            return settings.ReconnectDelay;
        }

        var delay = settings.RetryInterval + (settings.RetryBackoff * Math.Min(failures - 1, 100_000));
        return delay < settings.IntervalMax ? delay : settings.IntervalMax;
    }
}
