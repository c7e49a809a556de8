using System.Globalization;
using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>Converts URL query values the way oslo.config's option types do, with errors that name the option.</summary>
internal static class OptionValues
{
    /// <summary>oslo.config's boolean forms, case-insensitive.</summary>
    public static bool Bool(string name, string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw Invalid(name, value, "expected a boolean (true/false, 1/0, yes/no, on/off)"),
    };

    public static int Int(string name, string value) =>
        int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw Invalid(name, value, "expected an integer");

    /// <summary>A duration in seconds; decimals are accepted (oslo's int options are a subset).</summary>
    public static TimeSpan Seconds(string name, string value)
    {
        if (!double.TryParse(value.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || double.IsNaN(seconds) || seconds < 0 || seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw Invalid(name, value, "expected a number of seconds between 0 and 86400");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    public static RabbitMqFailoverStrategy FailoverStrategy(string name, string value) => value.Trim().ToLowerInvariant() switch
    {
        "round-robin" => RabbitMqFailoverStrategy.RoundRobin,
        "shuffle" => RabbitMqFailoverStrategy.Shuffle,
        _ => throw Invalid(name, value, "expected round-robin or shuffle"),
    };

    public static RabbitMqLoginMethod LoginMethod(string name, string value) => value.Trim().ToUpperInvariant() switch
    {
        "AMQPLAIN" => RabbitMqLoginMethod.Amqplain,
        "PLAIN" => RabbitMqLoginMethod.Plain,
        "EXTERNAL" => RabbitMqLoginMethod.External,
        "RABBIT-CR-DEMO" => throw Invalid(name, value, "this login method (a RabbitMQ demo) is not supported by the .NET driver; use AMQPLAIN, PLAIN or EXTERNAL"),
        _ => throw Invalid(name, value, "expected AMQPLAIN, PLAIN or EXTERNAL"),
    };

    public static TransportConfigurationException Invalid(string name, string value, string reason) =>
        new($"Invalid value '{value}' for RabbitMQ option {name}: {reason}");
}
