using Oslo.Messaging.Cli.Tests.Support;

namespace Oslo.Messaging.Cli.Tests.Demo;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_InMemory_EveryStepPassesAndExitsZero()
    {
        await using var cli = new CliHarness();

        var code = await cli.RunAsync("demo");

        Assert.Equal(ExitCodes.Ok, code);
        var steps = cli.Out.Lines.Where(l => l.StartsWith("  ", StringComparison.Ordinal)).ToArray();
        string[] titles =
        [
            "start two servers", "load-balanced calls to the topic", "server-directed calls to s2", "fanout cast",
            "version 1.1 against endpoint 1.2", "version 1.3 against endpoint 1.2", "namespace admin, version 2.0",
            "admin method without its namespace", "expected exception", "remote error", "timeout", "stop both servers",
            "notifications to two pools", "notification filter", "notification requeue",
        ];
        Assert.Equal(titles.Select(t => "✓ " + t), steps.Select(s => s.Trim().Split(':')[0]));
        Assert.Equal($"{titles.Length}/{titles.Length} steps behaved as expected", cli.Out.Lines[^1]);
        Assert.Contains(steps, s => s.Contains("answered by s1", StringComparison.Ordinal) || s.Contains("s1,", StringComparison.Ordinal));
        Assert.Contains("OutOfStockException re-created from the allow-list", cli.Out.Text, StringComparison.Ordinal);
        Assert.Contains("RemoteErrorException ExcType=InvalidOperationException", cli.Out.Text, StringComparison.Ordinal);
        Assert.Contains("error payment.failed requeued once (AllowRequeue), delivered again and handled", cli.Out.Text, StringComparison.Ordinal);
        Assert.Equal("", cli.Error.Text);
    }
}
