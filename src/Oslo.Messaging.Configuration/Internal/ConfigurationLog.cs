using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.Configuration.Internal;

/// <summary>The log messages of reading oslo settings. Values are never logged (a transport URL holds a password).</summary>
internal static partial class ConfigurationLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Ignoring option {Option} in [{Section}] ({Source}): not an option Oslo.Messaging for .NET knows (oslo ignores options it does not know too)")]
    public static partial void UnknownOption(ILogger logger, string section, string option, string source);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Ignoring section {Section}: oslo reads only [DEFAULT], spelled exactly so")]
    public static partial void IgnoredSection(ILogger logger, string section);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Option {Option} ({Where}) accepted; it has no effect in the .NET driver")]
    public static partial void NoEffect(ILogger logger, string option, string where);

    [LoggerMessage(EventId = 303, Level = LogLevel.Debug, Message = "Read oslo.messaging settings: {Settings}")]
    public static partial void Read(ILogger logger, OsloMessagingSettings settings);
}
