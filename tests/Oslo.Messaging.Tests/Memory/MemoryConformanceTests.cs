using Oslo.Messaging.Memory;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Memory;

/// <summary>The transport conformance suite on the in-memory transport: every transport of a test shares one broker.</summary>
public sealed class MemoryConformanceTests : TransportConformanceTests
{
    private readonly MemoryBroker _broker = new();

    protected override Task<Transport> CreateTransportAsync(TransportOptions? options = null) =>
        Transport.CreateAsync("memory://", (options ?? new TransportOptions()).UseMemoryBroker(_broker));
}
