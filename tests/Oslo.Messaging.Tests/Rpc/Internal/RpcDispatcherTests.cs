using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Tests.Rpc.Internal;

/// <summary>Endpoint selection (docs/wire-protocol.md, "Dispatch: namespaces and versions"), with the verified matrix: A (null namespace, 1.3), B ("ns2", 2.1), ping enabled.</summary>
public sealed class RpcDispatcherTests
{
    [RpcEndpoint(Version = "1.3")]
    public sealed class EndpointA
    {
        public string Foo(RequestContext context) => "A";

        public string Shared(RequestContext context) => "A";

        [RpcMethod("_private")]
        public string Private(RequestContext context) => "private";

        [RpcExpose]
        public string Exposed(RequestContext context) => "exposed";

        public string NotRpc(string value) => value; // no RequestContext first: not reachable
    }

    [RpcEndpoint(Namespace = "ns2", Version = "2.1")]
    public sealed class EndpointB
    {
        public string Bar(RequestContext context) => "B";

        public string Shared(RequestContext context) => "B";
    }

    [RpcEndpoint(Version = "1.5")]
    public sealed class EndpointC
    {
        public string Baz(RequestContext context) => "C";

        public string Foo(RequestContext context) => "C";
    }

    [RpcEndpoint(Namespace = "new", LegacyNamespaces = ["old", "older"])]
    public sealed class Renamed
    {
        public string Who(RequestContext context) => "renamed";
    }

    public sealed class OwnPing
    {
        [RpcMethod("oslo_rpc_server_ping")]
        public string Ping(RequestContext context) => "my pong";
    }

    public sealed class Methods
    {
        public Task<int> AddInstanceAsync(RequestContext context) => Task.FromResult(1);

        [RpcMethod("get-it")]
        public int Renamed(RequestContext context) => 2;

        public int HTTPStatus(RequestContext context) => 3;
    }

    [RpcEndpoint(Version = "abc")]
    public sealed class BadVersion
    {
    }

    public sealed class Clash
    {
        public int Go(RequestContext context) => 1;

        public Task<int> GoAsync(RequestContext context) => Task.FromResult(2);
    }

    private static RpcDispatcher Matrix(RpcAccessPolicy? policy = null, bool ping = true) =>
        new([new EndpointA(), new EndpointB()], policy ?? RpcAccessPolicy.Default, ping);

    private static async Task<object?> InvokeAsync(RpcDispatcher dispatcher, string method, string? ns, string version)
    {
        var (endpoint, found) = dispatcher.Find(method, ns, version);
        return await found.InvokeAsync(new RequestContext(), JsonElement.Parse("{}"), JsonRpcSerializer.Default);
    }

    [Theory]
    [InlineData("foo", null, "1.1", "A")]
    [InlineData("foo", null, "1.2.7", "A")]
    [InlineData("foo", null, "1.3", "A")]
    [InlineData("foo", null, "1.0", "A")]
    [InlineData("bar", "ns2", "2.0", "B")]
    [InlineData("bar", "ns2", "2.1", "B")]
    [InlineData("shared", null, "1.0", "A")]
    [InlineData("shared", "ns2", "2.0", "B")]
    public async Task Find_CompatibleEndpoint_InvokesIt(string method, string? ns, string version, string expected) =>
        Assert.Equal(expected, await InvokeAsync(Matrix(), method, ns, version));

    [Theory]
    [InlineData("foo", null, "1.4")]
    [InlineData("foo", null, "1.3.1")]
    [InlineData("foo", null, "2.0")]
    [InlineData("bar", "ns2", "1.0")]
    [InlineData("bar", "ns2", "2.2")]
    [InlineData("bar", "ns3", "2.0")]
    [InlineData("foo", "ns3", "1.0")]
    [InlineData("bar", "", "2.0")]
    public void Find_NoCompatibleEndpoint_ThrowsUnsupportedVersionWithRequestedVersion(string method, string? ns, string version)
    {
        var error = Assert.Throws<UnsupportedVersionException>(() => Matrix().Find(method, ns, version));

        Assert.Equal($"Endpoint does not support RPC version {version}. Attempted method: {method}", error.Message);
        Assert.Equal(version, error.Version);
        Assert.Equal(method, error.Method);
    }

    [Theory]
    [InlineData("nope", null, "1.0")]
    [InlineData("bar", null, "1.0")] // B has it, but only in ns2
    [InlineData("foo", "ns2", "2.0")]
    [InlineData("not_rpc", null, "1.0")]
    [InlineData("Foo", null, "1.0")] // wire names are exact
    public void Find_CompatibleEndpointWithoutMethod_ThrowsNoSuchMethod(string method, string? ns, string version)
    {
        var error = Assert.Throws<NoSuchMethodException>(() => Matrix().Find(method, ns, version));

        Assert.Equal($"Endpoint does not support RPC method {method}", error.Message);
        Assert.Equal(method, error.Method);
    }

    [Fact]
    public void Find_NonNumericVersion_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => Matrix().Find("foo", null, "abc"));

    [Fact]
    public async Task Find_FirstCompatibleEndpointWithMethod_WinsWithoutBestVersionSearch()
    {
        var dispatcher = new RpcDispatcher([new EndpointA(), new EndpointC()], RpcAccessPolicy.Default, pingEnabled: false);

        Assert.Equal("A", await InvokeAsync(dispatcher, "foo", null, "1.2")); // C (1.5) would also do: A comes first
        Assert.Equal("C", await InvokeAsync(dispatcher, "foo", null, "1.4")); // A (1.3) is too old
        Assert.Equal("C", await InvokeAsync(dispatcher, "baz", null, "1.0")); // A is compatible but lacks it: go on
    }

    [Theory]
    [InlineData(null, "1.0", "pong")]
    [InlineData(null, "1.0.0", "pong")]
    public async Task Find_PingEnabled_AnswersPong(string? ns, string version, string expected) =>
        Assert.Equal(expected, await InvokeAsync(Matrix(), "oslo_rpc_server_ping", ns, version));

    [Fact]
    public void Find_PingWithOtherNamespaceOrVersion_IsNotReachable()
    {
        Assert.Throws<NoSuchMethodException>(() => Matrix().Find("oslo_rpc_server_ping", "ns2", "2.0"));
        Assert.Throws<NoSuchMethodException>(() => Matrix().Find("oslo_rpc_server_ping", null, "1.1")); // A matches, ping (1.0) does not
        Assert.Throws<UnsupportedVersionException>(() => Matrix().Find("oslo_rpc_server_ping", null, "3.0"));
    }

    [Fact]
    public void Find_PingDisabled_ThrowsNoSuchMethod() =>
        Assert.Throws<NoSuchMethodException>(() => Matrix(ping: false).Find("oslo_rpc_server_ping", null, "1.0"));

    [Fact]
    public async Task Find_EndpointWithOwnPing_KeepsItsOwn() =>
        Assert.Equal("my pong", await InvokeAsync(new RpcDispatcher([new OwnPing()], RpcAccessPolicy.Default, pingEnabled: true), "oslo_rpc_server_ping", null, "1.0"));

    [Theory]
    [InlineData("new")]
    [InlineData("old")]
    [InlineData("older")]
    public async Task Find_LegacyNamespace_IsAccepted(string ns) =>
        Assert.Equal("renamed", await InvokeAsync(new RpcDispatcher([new Renamed()], RpcAccessPolicy.Default, false), "who", ns, "1.0"));

    [Fact]
    public void Find_NullNamespaceOnRenamedEndpoint_ThrowsUnsupportedVersion() =>
        Assert.Throws<UnsupportedVersionException>(() => new RpcDispatcher([new Renamed()], RpcAccessPolicy.Default, false).Find("who", null, "1.0"));

    [Fact]
    public void Find_DefaultPolicyPrivateMethod_BehavesAsMissing()
    {
        var error = Assert.Throws<NoSuchMethodException>(() => Matrix(RpcAccessPolicy.Default).Find("_private", null, "1.0"));

        Assert.Equal("Endpoint does not support RPC method _private", error.Message);
    }

    [Fact]
    public async Task Find_LegacyPolicyPrivateMethod_IsInvoked() =>
        Assert.Equal("private", await InvokeAsync(Matrix(RpcAccessPolicy.Legacy), "_private", null, "1.0"));

    [Fact]
    public async Task Find_ExplicitPolicy_OnlyExposedMethods()
    {
        var dispatcher = Matrix(RpcAccessPolicy.Explicit, ping: false);

        Assert.Equal("exposed", await InvokeAsync(dispatcher, "exposed", null, "1.0"));
        Assert.Throws<NoSuchMethodException>(() => dispatcher.Find("foo", null, "1.0"));
        Assert.Throws<NoSuchMethodException>(() => dispatcher.Find("_private", null, "1.0"));
    }

    [Fact]
    public void Find_ExplicitPolicyPing_BehavesAsMissing()
    {
        // oslo's ping endpoint is a plain function without @expose, so the explicit policy denies it too.
        Assert.Throws<NoSuchMethodException>(() => Matrix(RpcAccessPolicy.Explicit).Find("oslo_rpc_server_ping", null, "1.0"));
    }

    [Theory]
    [InlineData("add_instance", 1)]
    [InlineData("get-it", 2)]
    [InlineData("http_status", 3)]
    public async Task Find_WireNames_SnakeCaseWithoutAsyncOrOverride(string wireName, int expected) =>
        Assert.Equal(expected, await InvokeAsync(new RpcDispatcher([new Methods()], RpcAccessPolicy.Default, false), wireName, null, "1.0"));

    [Fact]
    public void Constructor_InvalidEndpointVersion_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new RpcDispatcher([new BadVersion()], RpcAccessPolicy.Default, false));

        Assert.Contains("'abc'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TwoMethodsOneWireName_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new RpcDispatcher([new Clash()], RpcAccessPolicy.Default, false));

        Assert.Contains("'go'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullEndpoint_Throws() =>
        Assert.Throws<ArgumentException>(() => new RpcDispatcher([null!], RpcAccessPolicy.Default, false));
}
