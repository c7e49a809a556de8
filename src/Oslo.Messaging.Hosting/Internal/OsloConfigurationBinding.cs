using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Hosting.Internal;

/// <summary>
/// INTERIM: reads oslo's option names from an <see cref="IConfiguration"/> into <see cref="OsloMessagingOptions"/>
/// until Oslo.Messaging.Configuration (OsloMessagingSettings.FromConfiguration, the full reader with the
/// <c>[oslo_messaging_rabbit]</c> table) is on main; then this file goes and Hosting calls that reader.
/// Reads <c>DEFAULT:transport_url</c>, <c>control_exchange</c>, <c>rpc_response_timeout</c>,
/// <c>executor_thread_pool_size</c> and <c>oslo_messaging_notifications:transport_url</c>, <c>driver</c>,
/// <c>topics</c>, <c>retry</c>; a value it cannot use is logged and ignored.
/// </summary>
internal static class OsloConfigurationBinding
{
    public static void Bind(IConfiguration configuration, OsloMessagingOptions options, ILogger logger)
    {
        var defaults = configuration.GetSection("DEFAULT");
        options.TransportUrl = defaults["transport_url"] ?? options.TransportUrl;
        options.ControlExchange = defaults["control_exchange"] ?? options.ControlExchange;
        if (Int(defaults, "rpc_response_timeout", logger) is { } timeout)
        {
            options.RpcResponseTimeout = TimeSpan.FromSeconds(timeout);
        }

        if (Int(defaults, "executor_thread_pool_size", logger) is { } size)
        {
            options.ExecutorThreadPoolSize = size;
        }

        var notifications = configuration.GetSection("oslo_messaging_notifications");
        options.NotificationTransportUrl = notifications["transport_url"] ?? options.NotificationTransportUrl;
        var notifier = options.Notifier;
        if (List(notifications["topics"]) is { Length: > 0 } topics)
        {
            notifier = notifier with { Topics = topics };
        }

        if (List(notifications["driver"]) is { Length: > 0 } drivers)
        {
            notifier = notifier with { Drivers = [.. drivers.Select(NotificationDriver.FromName)] };
        }

        if (Int(notifications, "retry", logger) is { } retry)
        {
            notifier = notifier with { Retry = retry };
        }

        options.Notifier = notifier;
    }

    private static int? Int(IConfigurationSection section, string key, ILogger logger)
    {
        if (section[key] is not { } text)
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        HostingLog.OptionIgnored(logger, section.Path + ":" + key, text, "not an integer");
        return null;
    }

    private static string[] List(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
