using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>
/// Runs tests/interop/python/oslo_client.py (a real oslo.messaging RPCClient) once per call or cast and parses its line.
/// Bounded twice: the script's own --deadline, and a process timeout after which it is killed.
/// </summary>
internal static class PythonClient
{
    // Arguments bigger than this go through a file (@path): one Linux command-line argument is limited to 128 KiB.
    private const int InlineLimit = 64 * 1024;

    public static async Task<PythonOutcome> RunAsync(PythonCall call)
    {
        var deadline = (call.Timeout ?? 60) + 15;
        var start = new ProcessStartInfo(InteropEnvironment.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (call.OsloPath is not null)
        {
            start.Environment["PYTHONPATH"] = call.OsloPath;
        }

        start.Environment["OSLO_LOCK_PATH"] = Path.GetTempPath(); // use_queue_manager's external lock needs a folder

        var arguments = start.ArgumentList;
        arguments.Add(Path.Combine(InteropEnvironment.ScriptsDirectory, "oslo_client.py"));
        Add(arguments, "--url", call.Url ?? InteropEnvironment.RabbitUrl);
        Add(arguments, "--topic", call.Topic);
        Add(arguments, "--server", call.Server);
        Add(arguments, "--exchange", call.Exchange);
        Add(arguments, "--namespace", call.Namespace);
        Add(arguments, "--version", call.Version);
        Add(arguments, "--timeout", Seconds(call.Timeout));
        Add(arguments, "--call-monitor-timeout", Seconds(call.CallMonitorTimeout));
        Add(arguments, "--deadline", Seconds(deadline));
        Add(arguments, "--retry", call.Retry?.ToString(CultureInfo.InvariantCulture));
        Add(arguments, "--allowed-exmods", call.AllowedExmods.Count > 0 ? string.Join(',', call.AllowedExmods) : null);
        if (call.Fanout)
        {
            arguments.Add("--fanout");
        }

        arguments.Add(call.Kind);
        arguments.Add(call.Method);
        var files = new List<string>();
        try
        {
            Add(arguments, "--args", Json(call.Args, files));
            Add(arguments, "--ctxt", Json(call.Context, files));
            var command = (call.OsloPath is null ? "" : $"PYTHONPATH={call.OsloPath} ") +
                string.Join(' ', arguments.Skip(1).Select(a => a.Length > 200 ? a[..200] + "..." : a));
            return await RunAsync(start, command, TimeSpan.FromSeconds(deadline + 15));
        }
        finally
        {
            foreach (var file in files)
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<PythonOutcome> RunAsync(ProcessStartInfo start, string command, TimeSpan limit)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"oslo_client.py did not finish within {limit} and was killed.\n$ {command}\nstderr: {await stderr}");
        }

        var line = (await stdout).Trim();
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"oslo_client.py exited with {process.ExitCode}.\n$ {command}\nstdout: {line}\nstderr: {errors}");
        }

        return new PythonOutcome(line, errors, command);
    }

    private static string? Json(object? value, List<string> files)
    {
        if (value is null)
        {
            return null;
        }

        var json = value as string ?? JsonSerializer.Serialize(value);
        if (json.Length <= InlineLimit)
        {
            return json;
        }

        var path = Path.Combine(Path.GetTempPath(), $"oslo-interop-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        files.Add(path);
        return "@" + path;
    }

    private static string? Seconds(double? seconds) => seconds?.ToString(CultureInfo.InvariantCulture);

    private static void Add(System.Collections.ObjectModel.Collection<string> arguments, string option, string? value)
    {
        if (value is not null)
        {
            arguments.Add(option);
            arguments.Add(value);
        }
    }
}
