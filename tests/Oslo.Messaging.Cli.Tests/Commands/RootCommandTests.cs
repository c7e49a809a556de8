using Oslo.Messaging.Cli.Tests.Support;

namespace Oslo.Messaging.Cli.Tests.Commands;

public sealed class RootCommandTests
{
    [Fact]
    public async Task Run_Help_ListsEveryCommandAndExitsZero()
    {
        await using var cli = new CliHarness();

        var code = await cli.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, code);
        foreach (var command in new[] { "call", "cast", "ping", "serve", "demo" })
        {
            Assert.Contains(cli.Out.Lines, line => line.TrimStart().StartsWith(command + " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Run_NoCommand_ExitsUsage()
    {
        await using var cli = new CliHarness();

        var code = await cli.RunAsync();

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Required command was not provided", cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownCommand_ExitsUsage()
    {
        await using var cli = new CliHarness();

        var code = await cli.RunAsync("frobnicate");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("frobnicate", cli.Error.Text, StringComparison.Ordinal);
    }
}
