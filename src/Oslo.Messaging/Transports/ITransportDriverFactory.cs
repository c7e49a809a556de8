namespace Oslo.Messaging.Transports;

/// <summary>Creates drivers for the URL schemes it owns; register factories in <see cref="TransportOptions.Drivers"/>.</summary>
public interface ITransportDriverFactory
{
    /// <summary>The driver names this factory serves (the URL scheme before any <c>+</c>), e.g. <c>memory</c>, <c>fake</c>.</summary>
    IReadOnlyCollection<string> Schemes { get; }

    /// <summary>Validates the URL's options and creates a driver. Must throw
    /// <see cref="Exceptions.TransportConfigurationException"/> for an unknown or invalid URL option.</summary>
    ValueTask<TransportDriver> CreateAsync(TransportUrl url, TransportOptions options, CancellationToken cancellationToken);
}
