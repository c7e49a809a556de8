using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>Runs tests/interop/python/oslo_notifier.py and oslo_notification_listener.py (a real oslo.messaging
/// Notifier and notification listener), with oslo 18.1.0 first on PYTHONPATH when <c>osloPath</c> is given.</summary>
internal static class PythonNotifications
{
    /// <summary>Sends <paramref name="events"/> ({priority, event_type, payload}) with a Python Notifier; returns its output line.</summary>
    public static async Task<JsonElement> NotifyAsync(string topic, string publisherId, string driver, object context, object[] events, string? osloPath)
    {
        var start = Start("oslo_notifier.py", osloPath, "--url", InteropEnvironment.RabbitUrl, "--topic", topic, "--publisher-id", publisherId,
            "--driver", driver, "--ctxt", JsonSerializer.Serialize(context), JsonSerializer.Serialize(events));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start python");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var line = (await stdout).Trim();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"oslo_notifier.py exited with {process.ExitCode}: {line} {await stderr}");
        }

        var result = JsonElement.Parse(line);
        AssertRanFrom(result, osloPath);
        return result;
    }

    /// <summary>Starts a Python notification listener (a batch listener with <paramref name="batchSize"/>) and waits until it consumes.</summary>
    public static async Task<Listener> ListenAsync(string topic, int count, string? osloPath, string? pool = null, int? batchSize = null)
    {
        List<string> arguments = ["--url", InteropEnvironment.RabbitUrl, "--topic", topic, "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--deadline", "60"];
        if (pool is not null)
        {
            arguments.AddRange(["--pool", pool]);
        }

        if (batchSize is { } size)
        {
            arguments.AddRange(["--batch-size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)]); // no timeout: full batches only
        }

        var listener = new Listener(Process.Start(Start("oslo_notification_listener.py", osloPath, [.. arguments]))
            ?? throw new InvalidOperationException("Could not start python"));
        var ready = await listener.NextAsync(TimeSpan.FromSeconds(60));
        if (!ready.TryGetProperty("ready", out _))
        {
            await listener.DisposeAsync();
            throw new InvalidOperationException($"Unexpected first line {ready}");
        }

        AssertRanFrom(ready, osloPath);
        return listener;
    }

    /// <summary>Checks the script ran the oslo.messaging it was meant to (18.1.0 from PYTHONPATH, else Debian's).</summary>
    private static void AssertRanFrom(JsonElement line, string? osloPath)
    {
        var ran = line.GetProperty("oslo_messaging").GetString()!;
        Assert.True(osloPath is null ? ran.StartsWith("/usr/lib/python3/", StringComparison.Ordinal) : ran.StartsWith(osloPath, StringComparison.Ordinal),
            $"Expected oslo.messaging from {osloPath ?? "Debian's python3-oslo.messaging"}, ran {ran}");
    }

    private static ProcessStartInfo Start(string script, string? osloPath, params string[] arguments)
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

        start.ArgumentList.Add(Path.Combine(InteropEnvironment.ScriptsDirectory, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>A running Python listener: its JSON lines, one per notification.</summary>
    internal sealed class Listener : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>();
        private readonly Task<string> _stderr;
        private readonly Task _reader;

        public Listener(Process process)
        {
            _process = process;
            process.StandardInput.Close();
            _stderr = process.StandardError.ReadToEndAsync();
            _reader = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    _lines.Writer.TryWrite(JsonElement.Parse(line));
                }

                _lines.Writer.TryComplete();
            });
        }

        /// <summary>The lines printed so far and to come.</summary>
        public ChannelReader<JsonElement> Lines => _lines.Reader;

        /// <summary>The next line, or a <see cref="TimeoutException"/> with the process's stderr.</summary>
        public async Task<JsonElement> NextAsync(TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                return await _lines.Reader.ReadAsync(deadline.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
            {
                var errors = _process.HasExited ? await _stderr : "(still running)";
                throw new TimeoutException($"The Python listener printed nothing more within {timeout.TotalSeconds} s; stderr: {errors}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            await _reader;
            _process.Dispose();
        }
    }
}
