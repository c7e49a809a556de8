using System.CommandLine;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Cli.Commands;

/// <summary>Options shared by <c>notify</c> and <c>listen</c>.</summary>
internal static class NotificationOptions
{
    /// <summary>The priority names accepted (oslo's method names; <c>warning</c> is <c>warn</c>).</summary>
    public static readonly string[] PriorityNames = ["audit", "debug", "info", "warn", "warning", "error", "critical", "sample"];

    public static Option<string[]> Topics() => new("--topic")
    {
        Description = "A notification topic (repeatable); default notifications.",
        DefaultValueFactory = _ => ["notifications"],
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string> Priority()
    {
        var option = new Option<string>("--priority") { Description = "audit, debug, info (default), warn, error, critical or sample.", DefaultValueFactory = _ => "info" };
        option.AcceptOnlyFromAmong(PriorityNames);
        return option;
    }

    public static NotificationPriority ParsePriority(string name) => name == "warning"
        ? NotificationPriority.Warn
        : Enum.Parse<NotificationPriority>(name, ignoreCase: true);
}
