namespace Oslo.Messaging.Notify.Internal;

/// <summary>Wire names of <see cref="NotificationPriority"/>: upper case in the message, lower case in routing keys and
/// endpoint method names (docs/wire-protocol.md, "Notifications").</summary>
internal static class NotificationPriorities
{
    public static readonly NotificationPriority[] All = Enum.GetValues<NotificationPriority>();

    public static string WireName(NotificationPriority priority) => priority switch
    {
        NotificationPriority.Audit => "AUDIT",
        NotificationPriority.Debug => "DEBUG",
        NotificationPriority.Info => "INFO",
        NotificationPriority.Warn => "WARN",
        NotificationPriority.Error => "ERROR",
        NotificationPriority.Critical => "CRITICAL",
        NotificationPriority.Sample => "SAMPLE",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown notification priority"),
    };

    public static string RoutingName(NotificationPriority priority) => WireName(priority).ToLowerInvariant();

    /// <summary>The priority named <paramref name="name"/> in any case (oslo lower-cases what it receives), or null.</summary>
    public static NotificationPriority? Parse(string? name)
    {
        foreach (var priority in All)
        {
            if (string.Equals(WireName(priority), name, StringComparison.OrdinalIgnoreCase))
            {
                return priority;
            }
        }

        return null;
    }
}
