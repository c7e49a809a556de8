using Oslo.Messaging.Cli.Tests.Support;

namespace Oslo.Messaging.Cli.Tests.Commands;

public sealed class PingCommandTests
{
    private static readonly string[] _ping = ["ping", "--url", "memory://", "--topic", CliHarness.Topic, "--timeout", "10"];

    [Fact]
    public async Task Ping_ServerWithPingEnabled_PrintsPong()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync(ping: true);

        var code = await cli.RunAsync(_ping);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["pong"], cli.Out.Lines);
    }

    [Fact]
    public async Task Ping_ServerWithPingDisabled_ExitsOneWithNoSuchMethod()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync(ping: false);

        var code = await cli.RunAsync(_ping);

        Assert.Equal(ExitCodes.RemoteError, code);
        Assert.Equal("", cli.Out.Text);
        Assert.Equal(["error: remote NoSuchMethod: Endpoint does not support RPC method oslo_rpc_server_ping"], cli.Error.Lines);
    }

    [Fact]
    public async Task Ping_NoServer_TimesOutWithExitTwo()
    {
        await using var cli = new CliHarness();

        var code = await cli.RunAsync(["ping", "--url", "memory://", "--topic", CliHarness.Topic, "--timeout", "0.1"]);

        Assert.Equal(ExitCodes.Timeout, code);
        Assert.StartsWith("error: timeout:", cli.Error.Text, StringComparison.Ordinal);
    }
}
