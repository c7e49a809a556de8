using System.Text.Json;
using Oslo.Messaging.Interop.Tests.Support;

namespace Oslo.Messaging.Interop.Tests.DotNetServer;

/// <summary>A real oslo.messaging client (one oslo_client.py process per call) calling .NET <c>RpcServer</c>s over rabbit://.</summary>
[Trait("Category", "Integration")]
[Collection(DotNetServersCollection.Name)]
public sealed class DotNetServerCallTests(DotNetServersFixture servers)
{
    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_Echo_ReturnsNestedPayload(string oslo)
    {
        var payload = JsonElement.Parse("""[1, 2.5, null, true, {"k": "v", "list": [], "nested": {"x": -3}}]""");

        var result = (await servers.RunAsync(servers.Call(oslo, "echo") with { Args = new { payload } })).AssertOk();

        Assert.True(JsonElement.DeepEquals(payload, result), $"echo returned {result}");
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_Add_ReturnsSum(string oslo)
    {
        var result = (await servers.RunAsync(servers.Call(oslo, "add") with { Args = new { a = 2, b = 3 } })).AssertOk();

        Assert.Equal(5, result.GetInt32());
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_NonAsciiString_RoundTrips(string oslo)
    {
        const string text = "héllo ✓ 日本 🐇 \"quoted\" \\ \u0001";

        var result = (await servers.RunAsync(servers.Call(oslo, "echo") with { Args = new { payload = text } })).AssertOk();

        Assert.Equal(text, result.GetString());
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_OneMebibytePayload_RoundTrips(string oslo)
    {
        var text = string.Concat(Enumerable.Repeat("héllo ✓ 日本 ", 1024 * 1024 / 12)).PadRight(1024 * 1024, 'x');

        // The args go through a file (@path): far over the 128 KiB limit of one command-line argument.
        var result = (await servers.RunAsync(servers.Call(oslo, "echo") with { Args = new { payload = text }, Timeout = 30 })).AssertOk();

        Assert.Equal(1024 * 1024, result.GetString()!.Length);
        Assert.Equal(text, result.GetString());
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_EchoCtxt_PythonContextArrivesWithNullClientTimeout(string oslo)
    {
        var context = new { user = "alice", request_id = "req-1", roles = new[] { "admin" } };

        var seen = (await servers.RunAsync(servers.Call(oslo, "echo_ctxt") with { Context = context })).AssertOk();

        Assert.Equal("alice", seen.GetProperty("user").GetString());
        Assert.Equal("req-1", seen.GetProperty("request_id").GetString());
        Assert.Equal(["admin"], seen.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("client_timeout").ValueKind);
        Assert.Equal(4, seen.EnumerateObject().Count());
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_EchoCtxtWithCallMonitor_ClientTimeoutArrives(string oslo)
    {
        var seen = (await servers.RunAsync(servers.Call(oslo, "echo_ctxt") with { CallMonitorTimeout = 6 })).AssertOk();

        Assert.Equal(6, seen.GetProperty("client_timeout").GetDouble());
    }

    [Theory]
    [Oslo14("s1")]
    [Oslo14("s2")]
    [Oslo18("s1")]
    [Oslo18("s2")]
    public async Task Call_ServerDirected_LandsOnThatServer(string oslo, string server)
    {
        var result = (await servers.RunAsync(servers.Call(oslo, "whoami") with { Server = server })).AssertOk();

        Assert.Equal(server, result.GetString());
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_PingOnServerWithPingEnabled_ReturnsPong(string oslo)
    {
        var result = (await servers.RunAsync(servers.Call(oslo, "oslo_rpc_server_ping") with { Server = "s1" })).AssertOk();

        Assert.Equal("pong", result.GetString());
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_PingOnServerWithoutPing_RemoteErrorNoSuchMethod(string oslo)
    {
        var outcome = await servers.RunAsync(servers.Call(oslo, "oslo_rpc_server_ping") with { Server = "s2" });

        outcome.AssertRemoteError("NoSuchMethod", "Endpoint does not support RPC method oslo_rpc_server_ping");
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_LongCallWithCallMonitor_SucceedsOnDotNetHeartbeats(string oslo)
    {
        // 8 s > the 4 s call-monitor timeout: the Python client only waits that long because the .NET server heartbeats
        // (every 2 s, half the timeout). With a 2 s timeout (1 s heartbeats) a loaded 2-core CI machine once missed
        // the window (2026-12-01, oslo 18.1.0, "Timed out" after 2.03 s); 4 s leaves 2 s of slack and still needs
        // three heartbeats.
        var result = (await servers.RunAsync(servers.Call(oslo, "sleep") with { Args = new { seconds = 8 }, Timeout = 20, CallMonitorTimeout = 4 })).AssertOk();

        Assert.Equal(8, result.GetDouble());
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_SlowerThanTimeout_MessagingTimeout(string oslo)
    {
        var outcome = await servers.RunAsync(servers.Call(oslo, "sleep") with { Args = new { seconds = 3 }, Timeout = 1 });

        Assert.True(!outcome.Ok && outcome.Type == "MessagingTimeout" && outcome.Module == "oslo_messaging.exceptions", outcome.Describe());
        Assert.StartsWith("Timed out waiting for a reply to message ID ", outcome.MessageFirstLine, StringComparison.Ordinal);
    }
}
