using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Interop.Tests.PythonServer;

/// <summary>.NET <see cref="RpcClient"/> calls over rabbit:// answered by real oslo.messaging servers[oslo].</summary>
[Trait("Category", "Integration")]
[Collection(PythonServersCollection.Name)]
public sealed class PythonServerCallTests(PythonServersFixture servers)
{
    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_Echo_ReturnsNestedPayload(string oslo)
    {
        var payload = JsonElement.Parse("""[1, 2.5, null, true, {"k": "v", "list": [], "nested": {"x": -3}}]""");

        var result = await servers[oslo].Client().CallAsync(PythonServersFixture.Context(), "echo", new { payload });

        Assert.True(JsonElement.DeepEquals(payload, result), $"echo returned {result}; {servers[oslo].ServersStderr}");
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_Add_ReturnsSum(string oslo)
    {
        Assert.Equal(5, await servers[oslo].Client().CallAsync<int>(new RequestContext(), "add", new { a = 2, b = 3 }));
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_NonAsciiString_RoundTrips(string oslo)
    {
        const string text = "héllo ✓ 日本 🐇 \"quoted\" \\ \u0001";

        Assert.Equal(text, await servers[oslo].Client().CallAsync<string>(new RequestContext(), "echo", new { payload = text }));
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_OneMebibytePayload_RoundTrips(string oslo)
    {
        var text = string.Concat(Enumerable.Repeat("héllo ✓ 日本 ", 1024 * 1024 / 12)).PadRight(1024 * 1024, 'x');
        var client = servers[oslo].Client(options: new RpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });

        var echoed = await client.CallAsync<string>(new RequestContext(), "echo", new { payload = text });

        Assert.Equal(1024 * 1024, echoed.Length);
        Assert.Equal(text, echoed);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_EchoCtxt_ContextKeysAndNullClientTimeoutArrive(string oslo)
    {
        var context = new RequestContext().Set("user", "alice").Set("request_id", "req-1").Set("roles", new[] { "admin", "member" });

        var seen = await servers[oslo].Client().CallAsync(context, "echo_ctxt");

        Assert.Equal("alice", seen.GetProperty("user").GetString());
        Assert.Equal("req-1", seen.GetProperty("request_id").GetString());
        Assert.Equal(["admin", "member"], seen.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("client_timeout").ValueKind);
        Assert.Equal(4, seen.EnumerateObject().Count());
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_EchoCtxtWithCallMonitor_ClientTimeoutArrives(string oslo)
    {
        var client = servers[oslo].Client(options: new RpcClientOptions { Timeout = PythonServersFixture.Patience, CallMonitorTimeout = TimeSpan.FromSeconds(6) });

        var seen = await client.CallAsync(new RequestContext().Set("user", "bob"), "echo_ctxt");

        Assert.Equal("bob", seen.GetProperty("user").GetString());
        Assert.Equal(6, seen.GetProperty("client_timeout").GetDouble());
    }

    [Theory]
    [Oslo14("s1")]
    [Oslo14("s2")]
    [Oslo18("s1")]
    [Oslo18("s2")]
    public async Task CallAsync_ServerDirected_LandsOnThatServer(string oslo, string server)
    {
        var client = servers[oslo].Client().Prepare(server: server);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(server, await client.CallAsync<string>(new RequestContext(), "whoami"));
        }
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_NoServer_ReachesBothServersRoundRobin(string oslo)
    {
        var client = servers[oslo].Client();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // The shared topic queue has both servers as consumers; RabbitMQ hands messages out in turn.
        for (var i = 0; i < 6 && seen.Count < 2; i++)
        {
            seen.Add(await client.CallAsync<string>(new RequestContext(), "whoami"));
        }

        Assert.Equal(["s1", "s2"], seen.Order(StringComparer.Ordinal));
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_PingOnServerWithPingEnabled_ReturnsPong(string oslo)
    {
        var pong = await servers[oslo].Client().Prepare(server: "s1").CallAsync<string>(new RequestContext(), "oslo_rpc_server_ping");

        Assert.Equal("pong", pong);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CallAsync_PingOnServerWithoutPing_ThrowsNoSuchMethodRemoteError(string oslo)
    {
        var error = await Assert.ThrowsAsync<RemoteErrorException>(
            () => servers[oslo].Client().Prepare(server: "s2").CallAsync<string>(new RequestContext(), "oslo_rpc_server_ping"));

        Assert.Equal("NoSuchMethod", error.ExcType);
        Assert.Equal("Endpoint does not support RPC method oslo_rpc_server_ping", error.Value);
    }
}
