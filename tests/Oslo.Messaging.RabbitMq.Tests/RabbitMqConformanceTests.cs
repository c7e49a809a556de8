using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests;

/// <summary>The transport conformance suite on the test RabbitMQ broker: every transport is a separate driver (its own
/// connections) on the same broker, as separate processes would be.</summary>
[Trait("Category", "Integration")]
public sealed class RabbitMqConformanceTests : TransportConformanceTests
{
    protected override Task<Transport> CreateTransportAsync(TransportOptions? options = null) =>
        TestBroker.CreateTransportAsync(options: options);
}
