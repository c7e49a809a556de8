using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Interop.Tests.Typed;

/// <summary>A generated proxy (<see cref="TypedInteropApiClient"/>) calling real oslo.messaging servers over rabbit://.</summary>
[Trait("Category", "Integration")]
[Collection(TypedPythonServersCollection.Name)]
public sealed class TypedClientPythonServerTests(TypedPythonServersFixture servers)
{
    internal static Inventory SampleInventory() => new(
        "compute-7",
        [new Slot(0, new Flavor("m1.small", 1, 2.0, true), ["ssd", "numa0"]), new Slot(1, null, [])],
        new Dictionary<string, Flavor> { ["m1.small"] = new("m1.small", 1, 2.0, true), ["x.large"] = new("x.large", 16, 64.5, false) },
        Note: null);

    /// <summary>The JSON the wire carries for <paramref name="inventory"/> (records compare their lists by reference).</summary>
    internal static string Wire(Inventory inventory) => JsonSerializer.Serialize(inventory, WireOptions);

    private static readonly JsonSerializerOptions WireOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task AddAsync_PythonServer_ReturnsSum(string oslo)
    {
        Assert.Equal(5, await servers.Proxy(oslo).AddAsync(new RequestContext(), 2, 3));
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task EchoAsync_NestedRecord_RoundTripsThroughPython(string oslo)
    {
        var sent = SampleInventory();

        var echoed = await servers.Proxy(oslo).EchoAsync(new RequestContext().Set("user", "alice"), sent);

        Assert.Equal(Wire(sent), Wire(echoed));
        Assert.Equal(64.5, echoed.Flavors["x.large"].RamGb);
        Assert.Null(echoed.Slots[1].Flavor);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task NoteAsync_Cast_PythonServerNotesIt(string oslo)
    {
        var proxy = servers.Proxy(oslo);
        var kind = "typed-cast-" + Guid.NewGuid().ToString("N")[..8];

        await proxy.NoteAsync(new RequestContext(), kind);

        var notes = await Poll.UntilAsync(() => proxy.NotesAsync(new RequestContext()), n => n.Contains(kind), TimeSpan.FromSeconds(15),
            n => $"notes [{string.Join(", ", n)}]; {servers.Stderr(oslo)}");
        Assert.Single(notes, kind);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task WhoamiAsync_NoContextSinceOneOne_AnsweredByThatServer(string oslo)
    {
        var name = await servers.Proxy(oslo).WhoamiAsync();

        Assert.StartsWith("interop_typed" + oslo.Replace(".", "", StringComparison.Ordinal), name, StringComparison.Ordinal);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task FailExpectedAsync_PythonKeyError_ThrowsRemoteErrorWithKeyError(string oslo)
    {
        var error = await Assert.ThrowsAsync<RemoteErrorException>(() => servers.Proxy(oslo).FailExpectedAsync(new RequestContext(), "missing key"));

        Assert.Equal("KeyError", error.ExcType);
        Assert.Equal("'missing key'", error.Value);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task DescribeHostAsync_SinceOneFourOnOneThreeServer_ThrowsUnsupportedVersion(string oslo)
    {
        var error = await Assert.ThrowsAsync<UnsupportedVersionException>(() => servers.AllowingProxy(oslo).DescribeHostAsync(new RequestContext(), "compute-7", 2));

        Assert.Equal("1.4", error.Version);
        Assert.Equal("describe_host", error.Method);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task DescribeHostAsync_VersionCapOneThree_RefusedBeforeSendingWhileOlderMethodsPass(string oslo)
    {
        var capped = servers.Proxy(oslo).Prepare(versionCap: "1.3");

        var refused = await Assert.ThrowsAsync<RpcVersionCapException>(() => capped.DescribeHostAsync(new RequestContext(), "compute-7", 2));

        Assert.Contains("1.4", refused.Message, StringComparison.Ordinal);
        Assert.Equal(7, await capped.AddAsync(new RequestContext(), 3, 4));
        Assert.NotEmpty(await capped.WhoamiAsync());
    }
}
