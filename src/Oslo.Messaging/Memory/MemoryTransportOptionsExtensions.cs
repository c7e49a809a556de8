using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Memory;

/// <summary>Binds the in-memory driver of <see cref="TransportOptions"/> to a shared <see cref="MemoryBroker"/>.</summary>
public static class MemoryTransportOptionsExtensions
{
    /// <summary>Replaces the in-memory driver with one bound to <paramref name="broker"/>, so several transports
    /// (a client and a server, a test and the CLI) share one in-process broker.</summary>
    /// <param name="options">The transport options to change.</param>
    /// <param name="broker">The broker every <c>memory://</c> and <c>fake://</c> transport of these options uses.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static TransportOptions UseMemoryBroker(this TransportOptions options, MemoryBroker broker)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(broker);
        for (var i = options.Drivers.Count - 1; i >= 0; i--)
        {
            if (options.Drivers[i] is MemoryDriverFactory)
            {
                options.Drivers.RemoveAt(i);
            }
        }

        options.Drivers.Add(new MemoryDriverFactory(broker));
        return options;
    }
}
