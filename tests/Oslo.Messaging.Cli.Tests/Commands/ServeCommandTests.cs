using System.Text.Json;
using Oslo.Messaging.Cli.Tests.Support;
using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Cli.Tests.Commands;

public sealed class ServeCommandTests
{
    private static readonly string[] _serve = ["serve", "--url", "memory://", "--topic", CliHarness.Topic, "--server", "cli-1"];
    private static readonly int[] _numbers = [1, 2];

    [Fact]
    public async Task Serve_UntilCancelled_ServesEchoSleepFailThenExitsZero()
    {
        await using var cli = new CliHarness();
        using var stop = new CancellationTokenSource();
        var serve = cli.RunAsync(stop.Token, _serve);
        await cli.Out.WaitForLineAsync("READY").WaitAsync(CliHarness.Patience);
        var client = await cli.CreateClientAsync();

        var echoed = await client.CallAsync(new RequestContext(), "echo", new { payload = new { a = _numbers, b = "x" } });
        var slept = await client.CallAsync<double>(new RequestContext(), "sleep", new { seconds = 0.01 });
        var failure = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync(new RequestContext(), "fail", new { message = "on purpose" }));
        var directed = await client.Prepare(server: "cli-1").CallAsync<string>(new RequestContext(), "echo", new { payload = "direct" });
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await serve);
        Assert.Equal("{\"a\":[1,2],\"b\":\"x\"}", JsonSerializer.Serialize(echoed));
        Assert.Equal(0.01, slept);
        Assert.Equal("ServeFailure", failure.ExcType);
        Assert.Equal("on purpose", failure.Value);
        Assert.Equal("direct", directed);
        Assert.Equal("stopped", cli.Out.Lines[^1]);
        Assert.Equal("4 calls served", cli.Error.Lines[^1]); // the final count; stderr has nothing else
        Assert.All(cli.Error.Lines, l => Assert.EndsWith("served", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_OnATerminal_RedrawsOneStatusLineInPlace_EndsItWithTheFinalCount()
    {
        await using var cli = new CliHarness { ErrorIsTerminal = true };
        using var stop = new CancellationTokenSource();
        var serve = cli.RunAsync(stop.Token, _serve);
        await cli.Out.WaitForLineAsync("READY").WaitAsync(CliHarness.Patience);
        var client = await cli.CreateClientAsync();

        await client.CallAsync(new RequestContext(), "echo", new { payload = 1 });
        await cli.Error.WaitForTextAsync(t => t.EndsWith("\r1 call served\u001b[K", StringComparison.Ordinal)).WaitAsync(CliHarness.Patience);
        await client.CallAsync(new RequestContext(), "echo", new { payload = 2 });
        await cli.Error.WaitForTextAsync(t => t.EndsWith("\r2 calls served\u001b[K", StringComparison.Ordinal)).WaitAsync(CliHarness.Patience);
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await serve);
        Assert.EndsWith("\r2 calls served\u001b[K\n", cli.Error.Text, StringComparison.Ordinal);
        Assert.Single(cli.Error.Lines); // redrawn in place: one line in all
    }

    [Fact]
    public async Task Serve_Quiet_WritesNoCount()
    {
        await using var cli = new CliHarness();
        using var stop = new CancellationTokenSource();
        var serve = cli.RunAsync(stop.Token, [.. _serve, "--quiet"]);
        await cli.Out.WaitForLineAsync("READY").WaitAsync(CliHarness.Patience);

        await (await cli.CreateClientAsync()).CallAsync(new RequestContext(), "echo", new { payload = 1 });
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await serve);
        Assert.Equal("", cli.Error.Text);
    }

    [Fact]
    public async Task Serve_FailWithAllowList_ClientGetsServeFailureType()
    {
        await using var cli = new CliHarness();
        using var stop = new CancellationTokenSource();
        var serve = cli.RunAsync(stop.Token, _serve);
        await cli.Out.WaitForLineAsync("READY").WaitAsync(CliHarness.Patience);
        var client = await cli.CreateClientAsync(allow => allow.Register("oslomsg", "ServeFailure", f => new InvalidOperationException(f.Message)));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.CallAsync(new RequestContext(), "fail", new { message = "typed" }));
        await stop.CancelAsync();

        Assert.Equal("typed", failure.Message);
        Assert.Equal(ExitCodes.Ok, await serve);
    }

    [Fact]
    public async Task Serve_WithPing_AnswersThePingCommand()
    {
        await using var cli = new CliHarness();
        using var stop = new CancellationTokenSource();
        var serve = cli.RunAsync(stop.Token, [.. _serve, "--ping"]);
        await cli.Out.WaitForLineAsync("READY").WaitAsync(CliHarness.Patience);

        var pingCode = await cli.RunAsync(["ping", "--url", "memory://", "--topic", CliHarness.Topic, "--server", "cli-1", "--timeout", "10"]);
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Ok, pingCode);
        Assert.Contains("pong", cli.Out.Lines);
        Assert.Equal(ExitCodes.Ok, await serve);
    }

    [Fact]
    public async Task Serve_SleepWithNegativeSeconds_RaisesRemoteError()
    {
        await using var cli = new CliHarness();
        using var stop = new CancellationTokenSource();
        var serve = cli.RunAsync(stop.Token, _serve);
        await cli.Out.WaitForLineAsync("READY").WaitAsync(CliHarness.Patience);
        var client = await cli.CreateClientAsync();

        var error = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync(new RequestContext(), "sleep", new { seconds = -1 }));
        await stop.CancelAsync();

        Assert.Equal(nameof(ArgumentOutOfRangeException), error.ExcType);
        Assert.Equal(ExitCodes.Ok, await serve);
    }

    [Fact]
    public async Task Serve_UrlWithPassword_BannerMasksIt()
    {
        await using var cli = new CliHarness();
        using var stop = new CancellationTokenSource();
        var serve = cli.RunAsync(stop.Token, ["serve", "--url", "memory://user:s3cret@localhost/", "--topic", CliHarness.Topic, "--server", "cli-1", "-v"]);
        await cli.Out.WaitForLineAsync("READY").WaitAsync(CliHarness.Patience);
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await serve);
        Assert.Contains("memory://user:****@localhost/", cli.Out.Lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", cli.Out.Text + cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithoutServerName_ExitsUsage()
    {
        await using var cli = new CliHarness();

        var code = await cli.RunAsync(["serve", "--url", "memory://", "--topic", CliHarness.Topic]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--server", cli.Error.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("READY", cli.Out.Lines);
    }
}
