using Oslo.Messaging.Cli.Tests.Support;

namespace Oslo.Messaging.Cli.Tests.Commands;

public sealed class CastCommandTests
{
    private static readonly string[] _cast = ["cast", "--url", "memory://", "--topic", CliHarness.Topic];

    [Fact]
    public async Task Cast_ServerListening_ServerReceivesItAndExitsZero()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync("s1");

        var code = await cli.RunAsync([.. _cast, "notify", "message=hello there"]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["sent"], cli.Out.Lines);
        Assert.Equal("hello there", await cli.Signals.NotifiedOn("s1").Task.WaitAsync(CliHarness.Patience));
    }

    [Fact]
    public async Task Cast_Fanout_ReachesEveryServer()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync("s1");
        await cli.StartServerAsync("s2");

        var code = await cli.RunAsync([.. _cast, "--fanout", "notify", "message=all"]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("all", await cli.Signals.NotifiedOn("s1").Task.WaitAsync(CliHarness.Patience));
        Assert.Equal("all", await cli.Signals.NotifiedOn("s2").Task.WaitAsync(CliHarness.Patience));
    }

    [Fact]
    public async Task Cast_MissingMethod_ExitsUsage()
    {
        await using var cli = new CliHarness();

        var code = await cli.RunAsync(_cast);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Required argument missing", cli.Error.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sent", cli.Out.Lines);
    }
}
