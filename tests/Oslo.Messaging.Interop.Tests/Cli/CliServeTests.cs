using Oslo.Messaging.Interop.Tests.Support;

namespace Oslo.Messaging.Interop.Tests.Cli;

/// <summary>A real oslo.messaging client calling <c>oslomsg serve</c>'s echo, sleep, fail and ping over rabbit://.</summary>
[Trait("Category", "Integration")]
public sealed class CliServeTests(CliServeFixture serve) : IClassFixture<CliServeFixture>
{
    [Fact]
    public async Task Serve_PythonCallsEcho_ReturnsPayload()
    {
        const string text = "héllo ✓ 日本";

        var result = (await RunAsync(new PythonCall(serve.Topic, "echo") { Args = new { payload = new { text, n = new[] { 1, 2 } } } })).AssertOk();

        Assert.Equal(text, result.GetProperty("text").GetString());
        Assert.Equal([1, 2], result.GetProperty("n").EnumerateArray().Select(n => n.GetInt32()));
    }

    [Fact]
    public async Task Serve_PythonCallsSleepWithCallMonitor_ReturnsSeconds()
    {
        // 3 s > the 2 s call-monitor timeout: serve's server must heartbeat for the Python client to wait.
        var call = new PythonCall(serve.Topic, "sleep") { Server = CliServeFixture.Server, Args = new { seconds = 3 }, Timeout = 20, CallMonitorTimeout = 2 };

        var result = (await RunAsync(call)).AssertOk();

        Assert.Equal(3, result.GetDouble());
    }

    [Fact]
    public async Task Serve_PythonCallsFail_RemoteErrorServeFailure()
    {
        var outcome = await RunAsync(new PythonCall(serve.Topic, "fail") { Args = new { message = "on purpose" } });

        outcome.AssertRemoteError("ServeFailure", "on purpose");
    }

    [Fact]
    public async Task Serve_PythonPings_ReturnsPong()
    {
        var result = (await RunAsync(new PythonCall(serve.Topic, "oslo_rpc_server_ping") { Server = CliServeFixture.Server })).AssertOk();

        Assert.Equal("pong", result.GetString());
    }

    private async Task<PythonOutcome> RunAsync(PythonCall call)
    {
        var outcome = await PythonClient.RunAsync(call);
        outcome.ServerSide = () => "oslomsg serve: " + serve.Cli;
        return outcome;
    }
}
