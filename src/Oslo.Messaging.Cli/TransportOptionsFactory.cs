using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Cli;

/// <summary>The one place that decides which transport drivers the tool can use.</summary>
internal static class TransportOptionsFactory
{
    /// <summary>Options with every driver the tool ships: <c>memory://</c> and <c>fake://</c> (core) and
    /// <c>rabbit://</c> and <c>kombu://</c> from Oslo.Messaging.RabbitMq.</summary>
    public static TransportOptions Create()
    {
        var options = new TransportOptions();
        options.UseRabbitMq();
        return options;
    }
}
