using System.Diagnostics;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>Runs the broker control script (<c>OSLO_TEST_RABBIT_CTL</c>: stop_app, start_app, restart, <c>ctl ARGS</c>);
/// <c>command</c> is split at spaces.</summary>
internal static class BrokerControl
{
    public static async Task RunAsync(string command, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(TestBroker.Ctl);
        foreach (var argument in command.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {TestBroker.Ctl}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{TestBroker.Ctl} {command}' did not finish within {timeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{TestBroker.Ctl} {command}' failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
