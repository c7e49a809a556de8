using Oslo.Messaging.Cli.Demo;
using Oslo.Messaging.Cli.Tests.Support;
using Oslo.Messaging.Testing;

namespace Oslo.Messaging.Cli.Tests.Demo;

public sealed class DemoReportTests
{
    [Fact]
    public async Task StepAsync_StepSucceeds_PrintsTickWithObservation()
    {
        var output = new CapturingWriter();
        var report = new DemoReport(output, CliHarness.Patience);

        var ok = await report.StepAsync("works", _ => Task.FromResult("42 observed"), CancellationToken.None);

        Assert.True(ok);
        Assert.Equal((1, 0), (report.Passed, report.Failed));
        Assert.Equal(["  ✓ works: 42 observed"], output.Lines);
    }

    [Fact]
    public async Task StepAsync_CheckFails_PrintsCrossAndCountsFailure()
    {
        var output = new CapturingWriter();
        var report = new DemoReport(output, CliHarness.Patience);

        var ok = await report.StepAsync("mismatch", _ =>
        {
            DemoCheckException.Expect(1 + 1 == 3, "1 + 1 is not 3");
            return Task.FromResult("unreachable");
        }, CancellationToken.None);

        Assert.False(ok);
        Assert.Equal((0, 1), (report.Passed, report.Failed));
        Assert.Equal(["  ✗ mismatch: 1 + 1 is not 3"], output.Lines);
    }

    [Fact]
    public async Task StepAsync_ExpectedExceptionMissing_PrintsCross()
    {
        var output = new CapturingWriter();
        var report = new DemoReport(output, CliHarness.Patience);

        var ok = await report.StepAsync("no throw", async _ =>
        {
            var error = await DemoCheckException.ExpectThrowsAsync<InvalidOperationException>(() => Task.CompletedTask);
            return error.Message;
        }, CancellationToken.None);

        Assert.False(ok);
        Assert.Equal(["  ✗ no throw: expected InvalidOperationException, but the call succeeded"], output.Lines);
    }

    [Fact]
    public async Task StepAsync_WrongExceptionType_PrintsCrossNamingBoth()
    {
        var output = new CapturingWriter();
        var report = new DemoReport(output, CliHarness.Patience);

        await report.StepAsync("wrong type", async _ =>
        {
            await DemoCheckException.ExpectThrowsAsync<InvalidOperationException>(() => throw new FormatException("bad"));
            return "unreachable";
        }, CancellationToken.None);

        Assert.Equal(["  ✗ wrong type: expected InvalidOperationException, got FormatException: bad"], output.Lines);
    }

    [Fact]
    public async Task StepAsync_StepNeverFinishes_FailsAtStepTimeout()
    {
        var output = new CapturingWriter();
        var report = new DemoReport(output, TimeSpan.FromMilliseconds(50));

        var ok = await report.StepAsync("hangs", async cancellationToken =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "unreachable";
        }, CancellationToken.None).WaitAsync(CliHarness.Patience);

        Assert.False(ok);
        Assert.Equal(["  ✗ hangs: did not finish within 0.05 s"], output.Lines);
    }
}
