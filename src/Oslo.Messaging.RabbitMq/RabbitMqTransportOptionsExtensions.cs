using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq;

/// <summary>Registers the RabbitMQ driver in <see cref="TransportOptions"/>.</summary>
public static class RabbitMqTransportOptionsExtensions
{
    /// <summary>Adds a <see cref="RabbitMqDriverFactory"/> (replacing one added before), so <c>rabbit://</c> and
    /// <c>kombu://</c> URLs work with <see cref="Transport.CreateAsync"/>.</summary>
    /// <param name="options">The transport options to change.</param>
    /// <param name="rabbit">Driver options; the URL query overrides them. Null = oslo's defaults.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static TransportOptions UseRabbitMq(this TransportOptions options, RabbitMqOptions? rabbit = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        for (var i = options.Drivers.Count - 1; i >= 0; i--)
        {
            if (options.Drivers[i] is RabbitMqDriverFactory)
            {
                options.Drivers.RemoveAt(i);
            }
        }

        options.Drivers.Add(new RabbitMqDriverFactory(rabbit));
        return options;
    }
}
