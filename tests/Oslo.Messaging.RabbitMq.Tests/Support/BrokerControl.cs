using System.Diagnostics;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>Runs a broker control script: the single node's (<c>OSLO_TEST_RABBIT_CTL</c>: stop_app, start_app, restart,
/// <c>ctl ARGS</c>) or the cluster's (<see cref="Cluster.ClusterBroker.RunAsync"/>); <c>command</c> is split at spaces.</summary>
internal static class BrokerControl
{
    /// <summary>Runs the single node's script (<see cref="TestBroker.Ctl"/>).</summary>
    public static Task RunAsync(string command, TimeSpan timeout) => RunScriptAsync(TestBroker.Ctl, command, timeout);

    /// <summary>Runs <c>bash SCRIPT COMMAND</c>; throws with its output when it fails, or after <paramref name="timeout"/>.</summary>
    public static async Task RunScriptAsync(string script, string command, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        foreach (var argument in command.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}");
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
            throw new TimeoutException($"'{script} {command}' did not finish within {timeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{script} {command}' failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
