using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Tests.Support;

namespace Oslo.Messaging.Tests.Hardening;

/// <summary>What a peer may send to a client's reply queue never hangs a call or stops the reply consumer.</summary>
public sealed class HostileReplyTests
{
    [Fact]
    public async Task Reply_UnsupportedEnvelopeVersion_FailsTheCallAtOnce()
    {
        var driver = new RecordingDriver();
        await using var transport = await RecordingDriver.CreateTransportAsync(driver);
        var client = new RpcClient(transport, new Target("t"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });

        var call = client.CallAsync<int>(new RequestContext(), "add");
        var request = await driver.NextSentAsync();
        var id = request.Message.GetProperty("_msg_id").GetString();
        var inner = JsonSerializer.Serialize(new Dictionary<string, object?> { ["result"] = 1, ["failure"] = null, ["ending"] = true, ["_msg_id"] = id });
        await driver.ReplyAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["oslo.version"] = "3.0", ["oslo.message"] = inner }));

        var error = await Assert.ThrowsAsync<UnsupportedEnvelopeVersionException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("3.0", error.Version);
    }

    [Fact]
    public async Task Call_TimeoutBeyondTheTimerLimit_WaitsForTheReply()
    {
        var driver = new RecordingDriver();
        await using var transport = await RecordingDriver.CreateTransportAsync(driver);
        var client = new RpcClient(transport, new Target("t"), new RpcClientOptions { Timeout = TimeSpan.FromDays(100) });

        var call = client.CallAsync<int>(new RequestContext(), "add");
        var request = await driver.NextSentAsync();
        await driver.ReplyAsync(Replies.Result(request.Message.GetProperty("_msg_id").GetString()!, "7"));

        Assert.Equal(7, await call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Reply_PythonNaNResult_ReadAsNaN()
    {
        var driver = new RecordingDriver();
        await using var transport = await RecordingDriver.CreateTransportAsync(driver);
        var client = new RpcClient(transport, new Target("t"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });

        var call = client.CallAsync<double>(new RequestContext(), "ratio");
        var request = await driver.NextSentAsync();
        await driver.ReplyAsync(Replies.Result(request.Message.GetProperty("_msg_id").GetString()!, "NaN"));

        Assert.True(double.IsNaN(await call.WaitAsync(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public void RequestContext_ToString_MasksSecrets()
    {
        var context = new RequestContext();
        context.Set("auth_token", "gAAAA-secret-token");
        context.Set("admin_password", "hunter2");
        context.Set("user_id", "alice");

        var text = context.ToString();

        Assert.DoesNotContain("gAAAA-secret-token", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("\"auth_token\":\"***\"", text, StringComparison.Ordinal);
        Assert.Contains("alice", text, StringComparison.Ordinal);
    }
}
