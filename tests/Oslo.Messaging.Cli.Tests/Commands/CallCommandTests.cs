using Oslo.Messaging.Cli.Tests.Support;

namespace Oslo.Messaging.Cli.Tests.Commands;

public sealed class CallCommandTests
{
    private static readonly string[] _call = ["call", "--url", "memory://", "--topic", CliHarness.Topic];

    [Fact]
    public async Task Call_ServerAnswers_PrintsResultJsonAndExitsZero()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();

        var code = await cli.RunAsync([.. _call, "add", "a=2", "b=3"]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["5"], cli.Out.Lines);
        Assert.Equal("", cli.Error.Text);
    }

    [Fact]
    public async Task Call_MethodReturnsNothing_PrintsNull()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();

        var code = await cli.RunAsync([.. _call, "nothing"]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["null"], cli.Out.Lines);
    }

    [Theory]
    [InlineData("payload=5", "5")]
    [InlineData("payload=-2.5e3", "-2.5e3")]
    [InlineData("payload={\"a\":[1,2.5,null],\"b\":{\"c\":true}}", "{\"a\":[1,2.5,null],\"b\":{\"c\":true}}")]
    [InlineData("payload=true", "true")]
    [InlineData("payload=null", "null")]
    [InlineData("payload=hello", "\"hello\"")]
    [InlineData("payload=\"5\"", "\"5\"")]
    [InlineData("payload=", "\"\"")]
    [InlineData("payload={broken", "\"{broken\"")]
    [InlineData("payload=a=b", "\"a=b\"")]
    public async Task Call_KeyJsonArgument_SendsJsonOrFallsBackToString(string argument, string expectedResult)
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();

        var code = await cli.RunAsync([.. _call, "echo", argument]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal([expectedResult], cli.Out.Lines);
    }

    [Fact]
    public async Task Call_Context_ReachesEndpoint()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();

        var code = await cli.RunAsync([.. _call, "--context", "user_id=alice", "--context", "roles=[\"admin\",\"member\"]", "who_calls"]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["{\"user\":\"alice\",\"roles\":[\"admin\",\"member\"]}"], cli.Out.Lines);
    }

    [Fact]
    public async Task Call_RemoteError_PrintsTypeAndMessageToStderrAndExitsOne()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();

        var code = await cli.RunAsync([.. _call, "fail", "message=disk on fire"]);

        Assert.Equal(ExitCodes.RemoteError, code);
        Assert.Equal("", cli.Out.Text);
        Assert.Equal(["error: remote InvalidOperationException: disk on fire"], cli.Error.Lines);
    }

    [Fact]
    public async Task Call_RemoteErrorVerbose_PrintsRemoteTraceback()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();

        var code = await cli.RunAsync([.. _call, "--verbose", "fail", "message=boom"]);

        Assert.Equal(ExitCodes.RemoteError, code);
        Assert.Equal("error: remote InvalidOperationException: boom", cli.Error.Lines[0]);
        Assert.Equal("remote traceback:", cli.Error.Lines[1]);
        Assert.Contains(nameof(TestEndpoint.Fail), cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_AllowListedRemoteException_PrintsWireClassAndExitsOne()
    {
        await using var cli = new CliHarness { CliRemoteExceptions = registry => registry.AllowMessagingExceptions() };
        await cli.StartServerAsync();

        var code = await cli.RunAsync([.. _call, "missing"]);

        Assert.Equal(ExitCodes.RemoteError, code);
        Assert.Equal(["error: remote NoSuchMethod: Endpoint does not support RPC method missing"], cli.Error.Lines);
    }

    [Fact]
    public async Task Call_NoReplyWithinTimeout_PrintsTimeoutAndExitsTwo()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();
        // The request travels with the call's timeout as its time to live: warm the path first, and give the server
        // a full second to take it, so a loaded machine cannot expire it in the queue before "hang" is entered.
        Assert.Equal(0, await cli.RunAsync([.. _call, "whoami"]));
        var outputBefore = cli.Out.Text;

        var code = await cli.RunAsync([.. _call, "--timeout", "1", "hang"]);

        Assert.Equal(ExitCodes.Timeout, code);
        Assert.StartsWith("error: timeout: Timed out waiting for a reply", cli.Error.Text, StringComparison.Ordinal);
        Assert.Equal(outputBefore, cli.Out.Text); // nothing printed on stdout by the timed-out call
        await cli.Signals.HangEntered.Task.WaitAsync(CliHarness.Patience); // the request did reach the server
    }

    [Fact]
    public async Task Call_Cancelled_PrintsCancelledAndExits130()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();
        using var cancellation = new CancellationTokenSource();

        var run = cli.RunAsync(cancellation.Token, [.. _call, "hang"]);
        await cli.Signals.HangEntered.Task.WaitAsync(CliHarness.Patience);
        await cancellation.CancelAsync();

        Assert.Equal(ExitCodes.Cancelled, await run);
        Assert.Equal(["cancelled"], cli.Error.Lines);
    }

    [Fact]
    public async Task Call_ServerOption_IsAnsweredByThatServer()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync("s1");
        await cli.StartServerAsync("s2");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(ExitCodes.Ok, await cli.RunAsync([.. _call, "--server", "s2", "whoami"]));
        }

        Assert.Equal(Enumerable.Repeat("\"s2\"", 4), cli.Out.Lines);
    }

    [Fact]
    public async Task Call_NamespaceAndCompatibleVersion_ReachesNamespacedEndpoint()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();

        var code = await cli.RunAsync([.. _call, "--namespace", "admin", "--version", "2.0", "status"]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["\"admin ok\""], cli.Out.Lines);
    }

    [Fact]
    public async Task Call_VersionAboveEndpoint_ExitsOneWithUnsupportedVersion()
    {
        await using var cli = new CliHarness();
        await cli.StartServerAsync();

        var code = await cli.RunAsync([.. _call, "--namespace", "admin", "--version", "2.2", "status"]);

        Assert.Equal(ExitCodes.RemoteError, code);
        Assert.Equal(["error: remote UnsupportedVersion: Endpoint does not support RPC version 2.2. Attempted method: status"], cli.Error.Lines);
    }

    [Theory]
    [InlineData(new[] { "call", "--url", "memory://", "m" }, "--topic")]
    [InlineData(new[] { "call", "--url", "memory://", "--topic", "t" }, "Required argument missing")]
    [InlineData(new[] { "call", "--url", "memory://", "--topic", "t", "m", "novalue" }, "'novalue' is not key=value")]
    [InlineData(new[] { "call", "--url", "memory://", "--topic", "t", "m", "=5" }, "empty key")]
    [InlineData(new[] { "call", "--url", "memory://", "--topic", "t", "m", "a=1", "a=2" }, "'a' is given twice")]
    [InlineData(new[] { "call", "--url", "memory://", "--topic", "t", "--version", "abc", "m" }, "--version 'abc'")]
    [InlineData(new[] { "call", "--url", "memory://", "--topic", "t", "--timeout", "0", "m" }, "--timeout must be a positive")]
    [InlineData(new[] { "call", "--url", "memory://", "--topic", "t", "--context", "nokey", "m" }, "--context: 'nokey'")]
    [InlineData(new[] { "call", "--url", "memory://", "--topic", "t", "--fanout", "m" }, "'--fanout' is not an option of this command")]
    [InlineData(new[] { "call", "--url", "nourl", "--topic", "t", "m" }, "No scheme specified")]
    public async Task Call_BadUsage_PrintsReasonAndExitsUsage(string[] args, string reason)
    {
        await using var cli = new CliHarness();

        var code = await cli.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(reason, cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_SchemeWithoutDriver_ExitsUsageAndMasksPassword()
    {
        await using var cli = new CliHarness();

        var code = await cli.RunAsync(["call", "--url", "rabbit://user:s3cret@broker:5672/", "--topic", "t", "m"]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("rabbit://user:****@broker:5672/", cli.Error.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", cli.Error.Text + cli.Out.Text, StringComparison.Ordinal);
    }
}
