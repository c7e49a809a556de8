using Oslo.Messaging.Cli.Tests.Support;

namespace Oslo.Messaging.Cli.Tests.Commands;

/// <summary><c>--config-file</c> on every command: oslo config files give what the command line does not.</summary>
public sealed class ConfigFileOptionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("oslomsg-config-").FullName;

    [Fact]
    public async Task Call_UrlFromConfigFile_Answers()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();
        var conf = Write("nova.conf", "[DEFAULT]\ntransport_url = memory://\n");

        var code = await cli.RunAsync("call", "--config-file", conf, "--topic", CliHarness.Topic, "add", "a=2", "b=3");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["5"], cli.Out.Lines);
    }

    [Fact]
    public async Task Call_TimeoutFromLaterConfigFile_CommandLineWins()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();
        var first = Write("first.conf", "[DEFAULT]\ntransport_url = memory://\nrpc_response_timeout = 60\n");
        var second = Write("second.conf", "[DEFAULT]\nrpc_response_timeout = 1\n");

        // The later file's 1 s: the call to a method that never answers times out after 1 s, not 60.
        var code = await cli.RunAsync("call", "--config-file", first, "--config-file", second, "--topic", CliHarness.Topic, "hang");

        Assert.Equal(ExitCodes.Timeout, code);
        Assert.Contains("(timeout 1 s", cli.Error.Text, StringComparison.Ordinal);

        await using var cli2 = new CliHarness();
        await cli2.StartServerAsync();
        code = await cli2.RunAsync("call", "--config-file", first, "--config-file", second, "--timeout", "2", "--topic", CliHarness.Topic, "hang");

        Assert.Equal(ExitCodes.Timeout, code);
        Assert.Contains("(timeout 2 s", cli2.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_UrlOnCommandLine_WinsOverConfigFile()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();
        var conf = Write("nova.conf", "[DEFAULT]\ntransport_url = rabbit://nova:secret@192.0.2.1:5672/\n");

        var code = await cli.RunAsync("call", "--config-file", conf, "--url", "memory://", "--topic", CliHarness.Topic, "add", "a=1", "b=1");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["2"], cli.Out.Lines);
    }

    [Theory]
    [InlineData("[DEFAULT]\nrpc_response_timeout = soon\n", "Invalid value 'soon' for option rpc_response_timeout in [DEFAULT] of")]
    [InlineData("[DEFAULT]\n  continued\n", "line 2: Unexpected continuation line")]
    [InlineData("[DEFAULT]\ncontrol_exchange = nova\n", "No transport URL: give --url, or a --config-file with [DEFAULT] transport_url")]
    public async Task BadOrIncompleteConfigFile_OneLineUsageError(string text, string expected)
    {
        await using var cli = new CliHarness();
        var conf = Write("bad.conf", text);

        var code = await cli.RunAsync("ping", "--config-file", conf, "--topic", "t");

        Assert.Equal(ExitCodes.Usage, code);
        var line = Assert.Single(cli.Error.Lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConfigFile_UsageErrorNamingIt()
    {
        await using var cli = new CliHarness();
        var missing = Path.Combine(_directory, "missing.conf");

        var code = await cli.RunAsync("cast", "--config-file", missing, "--topic", "t", "m");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal([$"error: --config-file: oslo config file {missing} not found"], cli.Error.Lines);
    }

    [Fact]
    public async Task Password_InConfigFile_NeverPrinted()
    {
        await using var cli = new CliHarness();
        var conf = Write("nova.conf", "[DEFAULT]\ntransport_url = nourl-with-topsecret\n");

        var code = await cli.RunAsync("ping", "--config-file", conf, "--topic", "t");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("No scheme specified", cli.Error.Text, StringComparison.Ordinal);
        await using var cli2 = new CliHarness();
        conf = Write("nova2.conf", "[DEFAULT]\ntransport_url = rabbit://nova:topsecret@\n");
        await cli2.RunAsync("ping", "--config-file", conf, "--topic", "t");
        Assert.DoesNotContain("topsecret", cli2.Error.Text, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
