using System.Text.Json;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Hardening;

/// <summary>A request over the server's size or nesting limit is answered with a failure that names the limit, and the
/// server goes on serving.</summary>
public sealed class RequestLimitTests
{
    public sealed class Echo
    {
        public JsonElement Value(RequestContext context, JsonElement value) => value;
    }

    private static async Task<(RecordingDriver Driver, Transport Transport, RpcServer Server)> StartAsync(RpcServerOptions options)
    {
        var driver = new RecordingDriver();
        var transport = await RecordingDriver.CreateTransportAsync(driver);
        var server = new RpcServer(transport, new Target("t", "s1"), [new Echo()], options with { Executor = RpcExecutor.Blocking });
        await server.StartAsync();
        return (driver, transport, server);
    }

    private static string Call(string value, string msgId) =>
        Replies.Envelope($"{{\"method\": \"value\", \"args\": {{\"value\": {value}}}, \"_msg_id\": \"{msgId}\", \"_reply_q\": \"reply_abc\"}}");

    private static async Task<JsonElement> ReplyAsync(RecordingDriver driver, string body)
    {
        await driver.DeliverAsync(body);
        return (await driver.NextSentAsync(TimeSpan.FromSeconds(5))).Message;
    }

    [Fact]
    public async Task Request_OverMaxRequestBytes_FailureNamingTheLimitThenServesOn()
    {
        var (driver, transport, server) = await StartAsync(new RpcServerOptions { MaxRequestBytes = 1_000 });
        await using var _ = transport;
        await using var __ = server;

        var refused = await ReplyAsync(driver, Call(JsonSerializer.Serialize(new string('x', 2_000)), "big"));
        var served = await ReplyAsync(driver, Call("\"small\"", "small"));

        Assert.Equal("big", refused.GetProperty("_msg_id").GetString());
        Assert.Contains("over the server's limit of 1000", refused.GetProperty("failure").GetString(), StringComparison.Ordinal);
        Assert.Equal("small", served.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Request_DeeperThanMaxJsonDepth_FailureNamingTheDepthThenServesOn()
    {
        var (driver, transport, server) = await StartAsync(new RpcServerOptions { MaxJsonDepth = 16 });
        await using var _ = transport;
        await using var __ = server;

        var refused = await ReplyAsync(driver, Call(new string('[', 40) + new string(']', 40), "deep"));
        var served = await ReplyAsync(driver, Call("[[[1]]]", "shallow"));

        Assert.Equal("deep", refused.GetProperty("_msg_id").GetString());
        Assert.Contains("deeper than the limit", refused.GetProperty("failure").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, served.GetProperty("result")[0][0][0].GetInt32());
    }

    [Fact]
    public async Task Options_LimitsOutOfRange_Refused()
    {
        await using var transport = await RecordingDriver.CreateTransportAsync(new RecordingDriver());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RpcServer(transport, new Target("t", "s1"), [new Echo()], new RpcServerOptions { MaxRequestBytes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RpcServer(transport, new Target("t", "s1"), [new Echo()], new RpcServerOptions { MaxJsonDepth = 1 }));
    }
}
