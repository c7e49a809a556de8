using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.Hosting.Internal;

/// <summary>
/// A server or listener run with the host's lifetime: started with the host (the host's start waits until it
/// consumes), stopped gracefully on shutdown — no new message is taken, those in flight finish and are answered
/// within the host's shutdown timeout, then the consumers close. Its state feeds the health check. The server is
/// created when the host starts (see <see cref="HostedEndpoints"/>), so the container is complete by then.
/// </summary>
internal sealed class HostedEndpoint(string name, Func<ServerControl> create, ILogger logger) : IHostedService, IAsyncDisposable
{
    private ServerControl? _server;
    private volatile string _state = "not started";
    private volatile bool _healthy;
    private readonly TaskCompletionSource _draining = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What is served, for logs and health (<c>rpc server &lt;Target ...&gt;</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The state now, for the health check, and whether it counts as healthy.</summary>
    public (string State, bool Healthy) Health => (_state, _healthy && IsRunning);

    /// <summary>Completes once a stop took the consumers off the queues and waits for the work in flight (for tests
    /// that must act exactly then).</summary>
    public Task Draining => _draining.Task;

    private bool IsRunning => _server?.IsRunning() == true;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _state = "starting";
        try
        {
            _server ??= create();
            await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _state = "failed to start: " + ex.Message;
            HostingLog.StartFailed(logger, Name, ex);
            throw;
        }

        _state = "running";
        _healthy = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _healthy = false;
        _state = "stopping";
        try
        {
            if (_server is null)
            {
                _state = "stopped";
                return;
            }

            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
            _state = "draining: no new message taken, waiting for those in flight";
            _draining.TrySetResult();
            await _server.WaitAsync(cancellationToken).ConfigureAwait(false);
            _state = "stopped";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout ran out: the host goes on stopping; what is still running is abandoned.
            _state = "stopped (shutdown timeout elapsed with work in flight)";
            HostingLog.StopTimedOut(logger, Name);
        }
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
