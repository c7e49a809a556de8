using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oslo.Messaging.Benchmarks.Harness;

/// <summary>The worker side of <see cref="WorkerProtocol"/>: starts a subject, runs scenarios until told to stop.</summary>
public static class WorkerHost
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(IBenchSubject subject)
    {
        // stdout is the protocol channel: whatever a library prints to the console goes to stderr instead.
        var protocol = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true, NewLine = "\n" };
        Console.SetOut(Console.Error);
        using var input = new StreamReader(Console.OpenStandardInput());
        try
        {
            using (var start = new CancellationTokenSource(_startTimeout))
            {
                await subject.StartAsync(start.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            await WriteAsync(protocol, new JsonObject { ["event"] = "error", ["error"] = $"start failed: {ex.GetType().Name}: {ex.Message}" }).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            await DisposeQuietlyAsync(subject).ConfigureAwait(false);
            return 1;
        }

        var info = new JsonObject
        {
            ["runtime"] = RuntimeInformation.FrameworkDescription,
            ["server_gc"] = System.Runtime.GCSettings.IsServerGC,
        };
        foreach (var (key, value) in subject.Info)
        {
            info[key] = value;
        }

        await WriteAsync(protocol, new JsonObject { ["event"] = "ready", ["implementation"] = subject.Name, ["info"] = info }).ConfigureAwait(false);
        while (await input.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var message = JsonNode.Parse(line)!.AsObject();
            var op = (string?)message["op"];
            if (op == "stop")
            {
                break;
            }

            if (op == "run")
            {
                var command = message["scenario"].Deserialize<ScenarioCommand>(WorkerProtocol.Json)!;
                var result = await ScenarioRunner.RunAsync(subject, command, CancellationToken.None).ConfigureAwait(false);
                var node = JsonSerializer.SerializeToNode(result, WorkerProtocol.Json);
                await WriteAsync(protocol, new JsonObject { ["event"] = "result", ["result"] = node }).ConfigureAwait(false);
            }
        }

        await DisposeQuietlyAsync(subject).ConfigureAwait(false);
        using var self = Process.GetCurrentProcess();
        await WriteAsync(protocol, new JsonObject { ["event"] = "stopped", ["peak_working_set_bytes"] = self.PeakWorkingSet64 }).ConfigureAwait(false);
        return 0;
    }

    private static async Task DisposeQuietlyAsync(IBenchSubject subject)
    {
        try
        {
            await subject.DisposeAsync().AsTask().WaitAsync(_stopTimeout).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"[{subject.Name}] dispose failed: {ex.Message}").ConfigureAwait(false);
        }
    }

    private static Task WriteAsync(StreamWriter protocol, JsonObject message) =>
        protocol.WriteLineAsync(WorkerProtocol.Prefix + message.ToJsonString());
}
