using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Oslo.Messaging.Benchmarks.Harness;

namespace Oslo.Messaging.Benchmarks.Orchestration;

/// <summary>
/// The orchestrator's end of <see cref="WorkerProtocol"/>: one worker process, its stdout messages in a channel,
/// its stderr in a log file. A worker that does not answer in time is killed and its result marked failed.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonObject> _messages = Channel.CreateUnbounded<JsonObject>();
    private readonly Task _stdout;
    private readonly Task _stderr;

    private WorkerProcess(Process process, string logPath)
    {
        _process = process;
        _stdout = Task.Run(ReadStdoutAsync);
        _stderr = Task.Run(() => CopyStderrAsync(logPath));
    }

    public JsonObject Info { get; private set; } = [];

    public long? PeakWorkingSetBytes { get; private set; }

    /// <summary>Starts the worker and waits for its <c>ready</c>; throws with the worker's reason if it fails.</summary>
    public static async Task<WorkerProcess> StartAsync(ProcessStartInfo start, string logPath, TimeSpan timeout)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var worker = new WorkerProcess(process, logPath);
        try
        {
            var ready = await worker.NextAsync(timeout).ConfigureAwait(false);
            if ((string?)ready["event"] != "ready")
            {
                throw new InvalidOperationException((string?)ready["error"] ?? ready.ToJsonString());
            }

            worker.Info = ready["info"]?.AsObject() ?? [];
            return worker;
        }
        catch
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<ScenarioResult> RunAsync(ScenarioCommand command, string implementation, TimeSpan timeout)
    {
        try
        {
            await SendAsync(new JsonObject { ["op"] = "run", ["scenario"] = JsonSerializer.SerializeToNode(command, WorkerProtocol.Json) }).ConfigureAwait(false);
            var message = await NextAsync(timeout).ConfigureAwait(false);
            return (string?)message["event"] == "result"
                ? message["result"].Deserialize<ScenarioResult>(WorkerProtocol.Json)! with { Implementation = implementation }
                : Failed(command, implementation, (string?)message["error"] ?? message.ToJsonString());
        }
        catch (Exception ex)
        {
            Kill();
            return Failed(command, implementation, ex.Message);
        }
    }

    /// <summary>Asks the worker to stop and records its peak working set.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        try
        {
            await SendAsync(new JsonObject { ["op"] = "stop" }).ConfigureAwait(false);
            var stopped = await NextAsync(timeout).ConfigureAwait(false);
            PeakWorkingSetBytes = (long?)stopped["peak_working_set_bytes"];
            await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.WhenAll(_stdout, _stderr).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.Dispose();
    }

    private static ScenarioResult Failed(ScenarioCommand command, string implementation, string error) =>
        new() { Scenario = command.Id, Implementation = implementation, Ok = false, Error = error };

    private async Task SendAsync(JsonObject message)
    {
        await _process.StandardInput.WriteLineAsync(message.ToJsonString()).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    private async Task<JsonObject> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _messages.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no answer from the worker within {timeout.TotalSeconds:0} s");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("the worker exited (see its log in bench/results/tmp/)");
        }
    }

    private async Task ReadStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith(WorkerProtocol.Prefix, StringComparison.Ordinal))
            {
                _messages.Writer.TryWrite(JsonNode.Parse(line.AsSpan(WorkerProtocol.Prefix.Length).ToString())!.AsObject());
            }
        }

        _messages.Writer.TryComplete();
    }

    private async Task CopyStderrAsync(string logPath)
    {
        await using var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            await log.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
