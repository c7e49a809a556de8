namespace Oslo.Messaging.Cli.Demo;

/// <summary>Runs the demo's steps one by one and prints one line each: ✓ when the step saw what it expected, ✗ otherwise.</summary>
internal sealed class DemoReport(TextWriter output, TimeSpan stepTimeout)
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Runs one step; its returned text describes what was observed. Never throws, except for the caller's cancellation.</summary>
    public async Task<bool> StepAsync(string title, Func<CancellationToken, Task<string>> step, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(stepTimeout);
        string line;
        bool ok;
        try
        {
            var observed = await step(deadline.Token).ConfigureAwait(false);
            (ok, line) = (true, $"  ✓ {title}: {observed}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            (ok, line) = (false, $"  ✗ {title}: did not finish within {stepTimeout.TotalSeconds:0.###} s");
        }
        catch (DemoCheckException check)
        {
            (ok, line) = (false, $"  ✗ {title}: {check.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (ok, line) = (false, $"  ✗ {title}: unexpected {ex.GetType().Name}: {ex.Message}");
        }
        if (ok)
        {
            Passed++;
        }
        else
        {
            Failed++;
        }
        await output.WriteLineAsync(line).ConfigureAwait(false);
        return ok;
    }
}
