using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Transports;

public sealed class TransportTests
{
    [Fact]
    public async Task CreateAsync_UnknownScheme_NamesKnownSchemes()
    {
        var error = await Assert.ThrowsAsync<InvalidTransportUrlException>(() => Transport.CreateAsync("kafka://k1:9092"));

        Assert.Contains("'kafka'", error.Message, StringComparison.Ordinal);
        Assert.Contains("memory, fake", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_SchemeWithoutRegisteredDriver_SaysHowToRegisterOneAndMasksPassword()
    {
        // The core names no transport package: the hint says where drivers come from, for any scheme.
        var error = await Assert.ThrowsAsync<InvalidTransportUrlException>(() => Transport.CreateAsync("rabbit://nova:secret@ctl1:5672/"));

        Assert.Contains("No transport driver for scheme 'rabbit' in \"rabbit://nova:****@ctl1:5672/\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("register its driver in TransportOptions.Drivers", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_NoScheme_ThrowsInvalidTransportUrl() =>
        await Assert.ThrowsAsync<InvalidTransportUrlException>(() => Transport.CreateAsync("localhost"));

    [Fact]
    public async Task CreateAsync_MemoryWithOptions_ThrowsConfigurationError()
    {
        var error = await Assert.ThrowsAsync<TransportConfigurationException>(() => Transport.CreateAsync("memory://?rabbit_qos_prefetch_count=3"));

        Assert.Contains("rabbit_qos_prefetch_count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_EmptyControlExchange_Throws() =>
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Transport.CreateAsync("memory://", new TransportOptions { ControlExchange = "" }));

    [Theory]
    [InlineData("memory://")]
    [InlineData("fake://")]
    public async Task CreateAsync_MemorySchemes_ExposeUrlAndDefaults(string url)
    {
        await using var transport = await Transport.CreateAsync(url);

        Assert.Equal(url, transport.Url.ToString());
        Assert.Equal("openstack", transport.ControlExchange);
        Assert.NotNull(transport.RemoteExceptions);
    }

    [Fact]
    public async Task CreateAsync_WithoutSharedBroker_TransportsDoNotSeeEachOther()
    {
        await using var serverSide = await Transport.CreateAsync("memory://");
        await using var clientSide = await Transport.CreateAsync("memory://");
        await using var server = new RpcServer(serverSide, new Target("t", "s"), [new ConformanceEndpoint("s")]);
        await server.StartAsync();

        var client = new RpcClient(clientSide, new Target("t"), new RpcClientOptions { AtLeastOnce = true });

        await Assert.ThrowsAsync<MessageUndeliverableException>(() => client.CastAsync(new RequestContext(), "m"));
    }

    [Fact]
    public async Task DisposeAsync_Twice_IsIdempotentAndCallsAfterwardFail()
    {
        var transport = await Transport.CreateAsync("memory://");

        await transport.DisposeAsync();
        await transport.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => new RpcClient(transport, new Target("t")).CallAsync(new RequestContext(), "m"));
    }
}
