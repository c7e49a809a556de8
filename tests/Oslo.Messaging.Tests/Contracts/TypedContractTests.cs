using Oslo.Messaging.Contracts;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Tests.Contracts;

/// <summary>Typed proxies and generated endpoints end to end over memory://, against each other and against the
/// untyped (reflection) side.</summary>
public sealed class TypedContractTests : IAsyncLifetime
{
    private readonly ComputeService _service = new();
    private Transport _transport = null!;
    private RpcServer _server = null!;

    public async Task InitializeAsync()
    {
        var options = new TransportOptions();
        options.RemoteExceptions.Register<QuotaExceededException>(f => new QuotaExceededException(f.Message));
        options.RemoteExceptions.AllowMessagingExceptions();
        _transport = await Transport.CreateAsync("memory://", options);
        _server = new RpcServer(_transport, new Target("compute", "host-1"), [new ComputeApiEndpoint(_service)]);
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _transport.DisposeAsync();
    }

    private IComputeApi Proxy() => new RpcClient(_transport, new Target("compute"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(10) }).For<IComputeApi>();

    [Fact]
    public async Task TypedCall_TypedServer_ReturnsResult()
    {
        Assert.Equal(5, await Proxy().AddAsync(new RequestContext(), 2, 3));
        Assert.Equal(42, await Proxy().UptimeAsync());
    }

    [Fact]
    public async Task RecordArgumentsAndResults_RoundTripInSnakeCase()
    {
        var flavor = await Proxy().GetFlavorAsync(new RequestContext { UserId = "alice" }, "m1.small");

        Assert.Equal(("m1.small", 2048), (flavor.FlavorId, flavor.RamMb));
        Assert.Equal(["fast", "alice"], flavor.Tags);
        var raw = await new RpcClient(_transport, new Target("compute")).CallAsync(new RequestContext(), "get_flavor", new { flavor_id = "x" });
        Assert.Equal(2048, raw.GetProperty("ram_mb").GetInt32());
    }

    [Fact]
    public async Task OptionalArgument_Omitted_ServerUsesDefault()
    {
        Assert.Equal("instance 7: no note", await Proxy().DescribeAsync(7));
        var untyped = new RpcClient(_transport, new Target("compute", version: "1.2"));
        Assert.Equal("instance 8: no note", await untyped.CallAsync<string>(new RequestContext(), "describe", new { instance_id = 8 }));
        Assert.Equal("instance 9: hi", await untyped.CallAsync<string>(new RequestContext(), "describe", new { instance_id = 9, note = "hi" }));
    }

    [Fact]
    public async Task CastAndFanout_ReachTheServer()
    {
        await Proxy().NotifyAsync(new RequestContext(), "one");
        await Proxy().BroadcastAsync(new RequestContext(), "two");
        Assert.True(await _service.CastsReceived.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await _service.CastsReceived.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("notify:one", _service.Casts);
        Assert.Contains("broadcast:two", _service.Casts);
    }

    [Fact]
    public async Task ExpectedException_AllowListed_ArrivesTyped()
    {
        var error = await Assert.ThrowsAsync<QuotaExceededException>(() => Proxy().AllocateAsync(new RequestContext(), 5));

        Assert.Equal("quota is 3, asked 5", error.Message);
        Assert.Equal([1, 2], await Proxy().AllocateAsync(new RequestContext(), 2));
    }

    [Theory]
    [InlineData("{\"a\": 1}", "add() missing 1 required positional argument: 'b'")]
    [InlineData("{\"a\": 1, \"b\": 2, \"c\": 3}", "add() got an unexpected keyword argument 'c'")]
    [InlineData("{\"a\": \"x\", \"b\": 2}", "add() argument 'a' cannot be read as Int32")]
    [InlineData("{\"a\": null, \"b\": 2}", "add() argument 'a' cannot be read as Int32")]
    public async Task BadArguments_SameTypeErrorsAsReflectionEndpoints(string args, string expected)
    {
        await using var reflected = new RpcServer(_transport, new Target("calc", "c1"), [new UntypedCalculator()]);
        await reflected.StartAsync();
        var json = System.Text.Json.JsonDocument.Parse(args).RootElement;

        var typed = await Assert.ThrowsAsync<RpcArgumentException>(() =>
            new RpcClient(_transport, new Target("compute")).CallAsync<int>(new RequestContext(), "add", json));
        var untyped = await Assert.ThrowsAsync<RpcArgumentException>(() =>
            new RpcClient(_transport, new Target("calc")).CallAsync<int>(new RequestContext(), "add", json));

        Assert.StartsWith(expected, typed.Message, StringComparison.Ordinal);
        Assert.Equal(untyped.Message, typed.Message);
    }

    [Fact]
    public async Task MethodSince12_ServerAt11_UnsupportedVersionButOlderMethodsWork()
    {
        var options = new TransportOptions();
        options.RemoteExceptions.AllowMessagingExceptions();
        await using var transport = await Transport.CreateAsync("memory://", options);
        await using var old = new RpcServer(transport, new Target("compute", "h"), [new OldEndpoint(_service)]);
        await old.StartAsync();
        var proxy = new ComputeApiClient(transport);

        await Assert.ThrowsAsync<UnsupportedVersionException>(async () => await proxy.DescribeAsync(1));
        Assert.Equal(5, await proxy.AddAsync(new RequestContext(), 2, 3)); // sent as 1.0: a 1.1 server has it
    }

    [Fact]
    public async Task VersionCap_BelowMethodSince_RefusedBeforeSending()
    {
        var proxy = new ComputeApiClient(_transport, new RpcClientOptions { VersionCap = "1.1" });

        await Assert.ThrowsAsync<RpcVersionCapException>(async () => await proxy.DescribeAsync(1));
        Assert.Equal(5, await proxy.AddAsync(new RequestContext(), 2, 3)); // sent as 1.0: under the cap
    }

    [Fact]
    public async Task Prepare_ServerAndFanout_StillReachable()
    {
        await using var other = new RpcServer(_transport, new Target("compute", "host-2"), [new ComputeApiEndpoint(new ComputeService())]);
        await other.StartAsync();
        var proxy = new ComputeApiClient(_transport).Prepare(server: "host-2", timeout: TimeSpan.FromSeconds(10));

        Assert.Equal("host-2", proxy.Client.Target.Server);
        Assert.Equal(TimeSpan.FromSeconds(10), proxy.Client.Timeout);
        Assert.Equal(3, await proxy.AddAsync(new RequestContext(), 1, 2));
        await Assert.ThrowsAsync<InvalidTargetException>(() => new ComputeApiClient(_transport).Prepare(fanout: true).AddAsync(new RequestContext(), 1, 2));
    }

    [Fact]
    public async Task TypedProxy_UntypedReflectionServer_Interoperates()
    {
        await using var server = new RpcServer(_transport, new Target("calc", "c1"), [new UntypedCalculator()]);
        await server.StartAsync();
        var proxy = new RpcClient(_transport, new Target("calc")).For<ICalculator>();

        Assert.Equal(7, await proxy.AddAsync(new RequestContext(), 3, 4));
    }

    [Fact]
    public void For_NotAContract_ExplainsWhy()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RpcClient(_transport, new Target("x")).For<IDisposable>());

        Assert.Contains("no generated proxy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratedEndpoint_DescribesTheContract()
    {
        var endpoint = new ComputeApiEndpoint(_service);

        Assert.Equal("1.3", endpoint.Version);
        Assert.Null(endpoint.Namespace);
        Assert.Contains(endpoint.Methods, m => m.WireName == "reboot_instance_now" && m.Name == "RebootAsync");
        Assert.Equal(typeof(List<int>), endpoint.Methods.Single(m => m.WireName == "allocate").ResultType);
        Assert.Equal(typeof(object), endpoint.Methods.Single(m => m.WireName == "notify").ResultType);
    }

    /// <summary>The same service served at version 1.1 (an older server).</summary>
    private sealed class OldEndpoint(IComputeApi service) : ContractEndpoint(service, null, "1.1", new ComputeApiEndpoint(service).Methods);
}

/// <summary>A contract served by a reflection-bound endpoint.</summary>
[RpcContract("calc")]
public interface ICalculator
{
    Task<int> AddAsync(RequestContext context, int a, int b);
}

/// <summary>An untyped endpoint (bound by reflection) that happens to match <see cref="ICalculator"/> on the wire.</summary>
public sealed class UntypedCalculator
{
    public int Add(RequestContext context, int a, int b) => a + b;
}
