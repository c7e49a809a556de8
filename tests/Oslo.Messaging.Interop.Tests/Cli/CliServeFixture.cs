using Oslo.Messaging.Interop.Tests.Support;

namespace Oslo.Messaging.Interop.Tests.Cli;

/// <summary>
/// <c>oslomsg serve --url rabbit://... --topic T --server cli1 --ping</c> run in-process until the fixture ends
/// (its CancellationToken is the Ctrl-C), awaited until it prints READY.
/// </summary>
public sealed class CliServeFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Task<int>? _serve;

    public string Topic { get; } = InteropEnvironment.Unique("cliserve");

    public const string Server = "cli1";

    internal CliRun Cli { get; } = new();

    /// <summary>The exit code once stopped (the tests run before that; kept for the record).</summary>
    public int? ExitCode { get; private set; }

    public async Task InitializeAsync()
    {
        _serve = Cli.StartAsync(_stop.Token, "serve", "--url", InteropEnvironment.RabbitUrl, "--topic", Topic, "--server", Server, "--ping");
        var ready = Cli.Out.WaitForLineAsync("READY");
        var first = await Task.WhenAny(ready, _serve).WaitAsync(CliRun.Patience);
        if (first != ready)
        {
            throw new InvalidOperationException($"oslomsg serve ended before READY with exit {await _serve}; {Cli}");
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_serve is not null)
        {
            ExitCode = await _serve.WaitAsync(CliRun.Patience);
        }

        _stop.Dispose();
    }
}
