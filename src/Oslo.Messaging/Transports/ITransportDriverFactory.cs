namespace Oslo.Messaging.Transports;

/// <summary>Creates drivers for the URL schemes it owns; register factories in <see cref="TransportOptions.Drivers"/>.</summary>
public interface ITransportDriverFactory
{
    /// <summary>The driver names this factory serves (the URL scheme before any <c>+</c>), e.g. <c>memory</c>, <c>fake</c>.</summary>
    IReadOnlyCollection<string> Schemes { get; }

    /// <summary>Validates the URL's options and creates a driver, without I/O: a driver connects on first use (its
    /// first send, listen or reply consumer), so a transport can be created where no await is possible (a
    /// dependency-injection container's factory) and a broker that is down fails the first use, with retries, rather
    /// than the creation. Must throw <see cref="Exceptions.TransportConfigurationException"/> for an unknown or
    /// invalid URL option.</summary>
    TransportDriver Create(TransportUrl url, TransportOptions options);
}
