using System.Diagnostics;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>
/// A real oslo.messaging RPC server (tests/interop/python/oslo_server.py) as a child process: started, awaited until it
/// prints READY, stopped on dispose by closing its stdin (then killed), and by itself when this process dies (its stdin closes too).
/// Its stderr goes into every failure message.
/// </summary>
internal sealed class PythonServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan _stopGrace = TimeSpan.FromSeconds(8);

    private readonly Process _process;
    private readonly ProcessOutput _stderr = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PythonServerProcess(Process process, string topic, string server)
    {
        _process = process;
        Topic = topic;
        Server = server;
    }

    public string Topic { get; }

    public string Server { get; }

    /// <summary>What the server wrote on stderr so far (warnings, tracebacks of failing methods).</summary>
    public string Stderr => _stderr.ToString();

    /// <summary>Starts <c>oslo_server.py --topic <paramref name="topic"/> --server <paramref name="server"/></c> and waits for READY.</summary>
    /// <exception cref="InvalidOperationException">It exited or did not print READY in time (message has its stderr).</exception>
    /// <param name="topic">The target's topic.</param>
    /// <param name="server">The target's server name.</param>
    /// <param name="ping">rpc_ping_enabled.</param>
    /// <param name="exchange">The control exchange, or null for openstack.</param>
    /// <param name="osloPath">Put first on PYTHONPATH (the 18.1.0 tree), or null for Debian's 14.0.3.</param>
    /// <param name="query">Appended to the broker URL as its query: oslo's [oslo_messaging_rabbit] options.</param>
    public static async Task<PythonServerProcess> StartAsync(string topic, string server, bool ping = false, string? exchange = null,
        string? osloPath = null, string? query = null)
    {
        var start = new ProcessStartInfo(InteropEnvironment.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (osloPath is not null)
        {
            start.Environment["PYTHONPATH"] = osloPath;
        }

        // use_queue_manager takes an oslo.concurrency external lock, which needs a lock folder.
        start.Environment["OSLO_LOCK_PATH"] = Path.GetTempPath();
        start.ArgumentList.Add(Path.Combine(InteropEnvironment.ScriptsDirectory, "oslo_server.py"));
        // --exit-on-stdin-eof: stdin stays an open pipe to this process; if the test host dies, the server stops too.
        foreach (var argument in new[] { "--url", InteropEnvironment.RabbitUrl + (query is null ? "" : "?" + query), "--topic", topic, "--server", server, "--exit-on-stdin-eof" })
        {
            start.ArgumentList.Add(argument);
        }

        if (ping)
        {
            start.ArgumentList.Add("--ping");
        }

        if (exchange is not null)
        {
            start.ArgumentList.Add("--exchange");
            start.ArgumentList.Add(exchange);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var instance = new PythonServerProcess(process, topic, server);
        process.ErrorDataReceived += (_, e) => instance._stderr.Append(e.Data);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "READY")
            {
                instance._ready.TrySetResult();
            }
        };
        process.Exited += (_, _) => instance._ready.TrySetException(
            new InvalidOperationException($"oslo_server.py {server} exited before READY; stderr:\n{instance.Stderr}"));
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {start.FileName}");
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await instance._ready.Task.WaitAsync(_readyTimeout);
        }
        catch (TimeoutException)
        {
            await instance.DisposeAsync();
            throw new InvalidOperationException($"oslo_server.py {server} did not print READY within {_readyTimeout}; stderr:\n{instance.Stderr}");
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        return instance;
    }

    /// <summary>Closes the server's stdin (with --exit-on-stdin-eof a clean stop as on SIGTERM: it deletes its fanout
    /// queue), then SIGKILL if it takes longer than a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(_stopGrace);
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing to stop.
        }
        finally
        {
            _process.Dispose();
        }
    }

    public override string ToString() => $"oslo_server.py {Server} on {Topic}";
}
