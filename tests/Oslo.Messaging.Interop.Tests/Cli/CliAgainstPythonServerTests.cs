using System.Text.Json;
using Oslo.Messaging.Interop.Tests.PythonServer;
using Oslo.Messaging.Interop.Tests.Support;

namespace Oslo.Messaging.Interop.Tests.Cli;

/// <summary><c>oslomsg call|cast|ping --url rabbit://...</c> against the real oslo.messaging servers of <see cref="PythonServersFixture"/>.</summary>
[Trait("Category", "Integration")]
[Collection(PythonServersCollection.Name)]
public sealed class CliAgainstPythonServerTests(PythonServersFixture servers)
{
    [Fact]
    public async Task Call_Echo_PrintsResultJsonAndExitsZero()
    {
        var cli = new CliRun();

        var code = await cli.RunAsync(["call", .. Target(), "echo", """payload={"list": [1, 2.5, null], "text": "héllo ✓ 日本"}"""]);

        Assert.True(code == 0, $"exit {code}; {cli}; {servers.ServersStderr}");
        var printed = Assert.Single(cli.Out.Lines);
        Assert.True(JsonElement.DeepEquals(JsonElement.Parse("""{"list": [1, 2.5, null], "text": "héllo ✓ 日本"}"""), JsonElement.Parse(printed)), printed);
        Assert.Equal("", cli.Error.Text);
    }

    [Fact]
    public async Task Call_ServerNamespaceVersion_ReachesEndpointB()
    {
        var cli = new CliRun();

        var code = await cli.RunAsync(["call", .. Target(), "--server", "s2", "--namespace", "ns2", "--version", "2.0", "echo_b", "payload=7"]);

        Assert.True(code == 0, $"exit {code}; {cli}");
        Assert.Equal("""{"endpoint":"B","payload":7}""", Assert.Single(cli.Out.Lines));
    }

    [Fact]
    public async Task Call_RemoteValueError_StderrAndExitOne()
    {
        var cli = new CliRun();

        var code = await cli.RunAsync(["call", .. Target(), "fail", "message=boom"]);

        Assert.True(code == 1, $"exit {code}; {cli}");
        Assert.Equal("error: remote ValueError: boom", Assert.Single(cli.Error.Lines));
        Assert.Equal("", cli.Out.Text);
    }

    [Fact]
    public async Task Call_UnsupportedVersion_StderrAndExitOne()
    {
        var cli = new CliRun();

        var code = await cli.RunAsync(["call", .. Target(), "--version", "1.4", "echo", "payload=1"]);

        Assert.True(code == 1, $"exit {code}; {cli}");
        Assert.Equal("error: remote UnsupportedVersion: Endpoint does not support RPC version 1.4. Attempted method: echo", Assert.Single(cli.Error.Lines));
    }

    [Fact]
    public async Task Call_SlowerThanTimeout_ExitsTwo()
    {
        var cli = new CliRun();

        var code = await cli.RunAsync(["call", .. Target(timeout: "1"), "sleep", "seconds=3"]);

        Assert.True(code == 2, $"exit {code}; {cli}");
        Assert.StartsWith("error: timeout: ", cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_ServerWithPingEnabled_PrintsPong()
    {
        var cli = new CliRun();

        var code = await cli.RunAsync(["ping", .. Target(), "--server", "s1"]);

        Assert.True(code == 0, $"exit {code}; {cli}");
        Assert.Equal("pong", Assert.Single(cli.Out.Lines));
    }

    [Fact]
    public async Task Ping_ServerWithoutPing_RemoteNoSuchMethodExitOne()
    {
        var cli = new CliRun();

        var code = await cli.RunAsync(["ping", .. Target(), "--server", "s2"]);

        Assert.True(code == 1, $"exit {code}; {cli}");
        Assert.Equal("error: remote NoSuchMethod: Endpoint does not support RPC method oslo_rpc_server_ping", Assert.Single(cli.Error.Lines));
    }

    [Fact]
    public async Task Cast_Fanout_BothPythonServersRunIt()
    {
        var cli = new CliRun();
        var kind = "cli-fanout-" + Guid.NewGuid().ToString("N");

        var code = await cli.RunAsync(["cast", .. Target(), "--fanout", "note", $"kind={kind}"]);

        Assert.True(code == 0, $"exit {code}; {cli}");
        Assert.Equal("sent", Assert.Single(cli.Out.Lines));
        foreach (var server in new[] { "s1", "s2" })
        {
            await Poll.UntilAsync(
                () => servers.Client().Prepare(server: server).CallAsync<string[]>(new RequestContext(), "notes"),
                notes => notes.Contains(kind),
                TimeSpan.FromSeconds(10),
                notes => $"{server} notes [{string.Join(", ", notes)}] lack {kind}; {servers.ServersStderr}");
        }
    }

    private string[] Target(string timeout = "15") => ["--url", InteropEnvironment.RabbitUrl, "--topic", servers.Topic, "--timeout", timeout];
}
