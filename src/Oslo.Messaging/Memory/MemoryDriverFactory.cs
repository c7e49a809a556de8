using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Memory.Internal;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Memory;

/// <summary>Creates in-memory drivers for <c>memory://</c> and its alias <c>fake://</c>.</summary>
/// <param name="broker">The broker every driver of this factory uses; null gives each driver a private one.</param>
public sealed class MemoryDriverFactory(MemoryBroker? broker = null) : ITransportDriverFactory
{
    /// <inheritdoc/>
    public IReadOnlyCollection<string> Schemes { get; } = ["memory", "fake"];

    /// <inheritdoc/>
    public TransportDriver Create(TransportUrl url, TransportOptions options)
    {
        if (url.Query.Count > 0)
        {
            throw new TransportConfigurationException($"The memory transport has no options; got: {string.Join(", ", url.Query.Keys)}");
        }

        return new MemoryTransportDriver(broker ?? new MemoryBroker(options.TimeProvider), options);
    }
}
