using Oslo.Messaging.Transport;

namespace Oslo.Messaging.Cli;

/// <summary>The one place that decides which transport drivers the tool can use.</summary>
internal static class TransportOptionsFactory
{
    /// <summary>Options with every driver the tool ships: <c>memory://</c> and <c>fake://</c> (core) and, once
    /// referenced, <c>rabbit://</c> and <c>kombu://</c> from Oslo.Messaging.RabbitMq.</summary>
    public static TransportOptions Create()
    {
        var options = new TransportOptions();
        // TODO(lead): options.UseRabbitMq();  (reference src/Oslo.Messaging.RabbitMq from the CLI project, then add this line)
        return options;
    }
}
