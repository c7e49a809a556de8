using Oslo.Messaging.Memory;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transport;

namespace Oslo.Messaging.Tests.Memory;

/// <summary>The transport conformance suite on the in-memory transport: every transport of a test shares one broker.</summary>
public sealed class MemoryConformanceTests : TransportConformanceTests
{
    private readonly MemoryBroker _broker = new();

    protected override Task<MessagingTransport> CreateTransportAsync(TransportOptions? options = null) =>
        MessagingTransport.CreateAsync("memory://", (options ?? new TransportOptions()).UseMemoryBroker(_broker));
}
