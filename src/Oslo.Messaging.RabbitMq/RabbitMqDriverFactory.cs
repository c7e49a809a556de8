using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq;

/// <summary>
/// Creates RabbitMQ drivers for <c>rabbit://</c> and its alias <c>kombu://</c> URLs, wire-compatible with Python
/// oslo.messaging. Register it with <see cref="RabbitMqTransportOptionsExtensions.UseRabbitMq"/> or
/// <c>options.Drivers.Add(new RabbitMqDriverFactory())</c>.
/// </summary>
/// <param name="options">Driver options; the URL query overrides them. Null = oslo's defaults. Copied here: later
/// changes to the object do not reach this factory or its transports.</param>
public sealed class RabbitMqDriverFactory(RabbitMqOptions? options = null) : ITransportDriverFactory
{
    private readonly RabbitSettings _options = options is null ? RabbitSettings.Defaults : RabbitSettings.From(options);

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Schemes { get; } = ["rabbit", "kombu"];

    /// <summary>Validates the options and the URL query and creates the driver. Connects lazily (first send or listen).</summary>
    /// <exception cref="TransportConfigurationException">An unknown URL option, an invalid value, or an unreadable TLS file.</exception>
    public TransportDriver Create(TransportUrl url, TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        var settings = Resolve(_options, url);
        return new RabbitMqTransportDriver(settings, url, options);
    }

    /// <summary>The options object overridden by the URL query, validated.</summary>
    internal static RabbitSettings Resolve(RabbitSettings options, TransportUrl url) =>
        UrlOptions.ApplyQuery(options, url.Query, url.ToString()).Validate();
}
