using System.Diagnostics;
using System.Globalization;

namespace Oslo.Messaging.Benchmarks.Harness;

/// <summary>
/// Runs one <see cref="ScenarioCommand"/> against a subject: warm-up, then the measured phase (count AND time cap),
/// with latencies, allocations, CPU time and GC counts of this process. Never throws: failures become a result.
/// </summary>
public static class ScenarioRunner
{
    private const int MaxErrors = 100;

    public static async Task<ScenarioResult> RunAsync(IBenchSubject subject, ScenarioCommand command, CancellationToken cancellationToken)
    {
        try
        {
            var peakMeasured = PeakMemory.Reset();
            var result = command.Kind switch
            {
                "call" when subject is IThroughputCeiling => CallsOfMessages(await RunCastsAsync(subject, command, cancellationToken).ConfigureAwait(false)),
                "call" => await RunCallsAsync(subject, command, cancellationToken).ConfigureAwait(false),
                "cast" => await RunCastsAsync(subject, command, cancellationToken).ConfigureAwait(false),
                _ => Failed(subject, command, $"unknown scenario kind '{command.Kind}'"),
            };
            return peakMeasured ? result with { PeakWorkingSetBytes = PeakMemory.Read() } : result;
        }
        catch (Exception ex)
        {
            return Failed(subject, command, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    public static ScenarioResult Failed(IBenchSubject subject, ScenarioCommand command, string error) =>
        new() { Scenario = command.Id, Implementation = subject.Name, Ok = false, Error = error };

    /// <summary>A ceiling's message throughput in calls (two messages each); the per-message costs double too.</summary>
    private static ScenarioResult CallsOfMessages(ScenarioResult messages) => messages with
    {
        Ops = messages.Ops / 2,
        Sent = null,
        Errors = messages.Errors,
        Throughput = messages.Throughput / 2,
        AllocBytesPerOp = messages.AllocBytesPerOp * 2,
        CpuUsPerOp = messages.CpuUsPerOp * 2,
        SwitchesPerOp = messages.SwitchesPerOp * 2,
    };

    private static async Task<ScenarioResult> RunCallsAsync(IBenchSubject subject, ScenarioCommand command, CancellationToken cancellationToken)
    {
        var payload = Payloads.Create(command.PayloadBytes);
        var warmup = new Phase(command.WarmupCount, command.WarmupSeconds);
        await RunLoopsAsync(command.Concurrency, () => CallLoopAsync(subject, payload, warmup, null, cancellationToken)).ConfigureAwait(false);
        if (warmup.Errors > 0 && warmup.Done == 0)
        {
            return Failed(subject, command, "warm-up failed: " + warmup.FirstError);
        }

        var settled = await SettleAsync(command, seconds =>
            RunLoopsAsync(command.Concurrency, () => CallLoopAsync(subject, payload, new Phase(int.MaxValue, seconds), null, cancellationToken))).ConfigureAwait(false);
        var recorder = new LatencyRecorder(command.Count);
        var meter = ProcessMeter.Start();
        var phase = new Phase(command.Count, command.Seconds);
        await RunLoopsAsync(command.Concurrency, () => CallLoopAsync(subject, payload, phase, recorder, cancellationToken)).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(phase.Started).TotalSeconds;
        var usage = meter.Stop(phase.Done);
        var latency = recorder.Summarize();
        return new ScenarioResult
        {
            Scenario = command.Id,
            Implementation = subject.Name,
            Ok = phase.Done > 0,
            Error = phase.FirstError,
            Ops = phase.Done,
            Errors = phase.Errors,
            ElapsedSeconds = elapsed,
            Throughput = phase.Done / elapsed,
            P50Us = latency?.P50,
            P90Us = latency?.P90,
            P99Us = latency?.P99,
            MaxUs = latency?.Max,
            MeanUs = latency?.Mean,
            AllocBytesPerOp = usage.AllocPerOp,
            CpuUsPerOp = usage.CpuUsPerOp,
            SwitchesPerOp = usage.SwitchesPerOp,
            Collections = usage.Collections,
            JitSettleSeconds = settled,
            JitMethods = usage.JitMethods,
        };
    }

    private static async Task<ScenarioResult> RunCastsAsync(IBenchSubject subject, ScenarioCommand command, CancellationToken cancellationToken)
    {
        var payload = Payloads.Create(command.PayloadBytes);
        var warmup = new Phase(command.WarmupCount, command.WarmupSeconds);
        var warmupBase = subject.CastsReceived;
        await RunLoopsAsync(command.Concurrency, () => CastLoopAsync(subject, payload, warmup, cancellationToken)).ConfigureAwait(false);
        await DrainAsync(subject, warmupBase + warmup.Done, command.DrainSeconds, cancellationToken).ConfigureAwait(false);
        var settled = await SettleAsync(command, async seconds =>
        {
            var slice = new Phase(int.MaxValue, seconds);
            var sliceBase = subject.CastsReceived;
            await RunLoopsAsync(command.Concurrency, () => CastLoopAsync(subject, payload, slice, cancellationToken)).ConfigureAwait(false);
            await DrainAsync(subject, sliceBase + slice.Done, command.DrainSeconds, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var meter = ProcessMeter.Start();
        var before = subject.CastsReceived;
        var phase = new Phase(command.Count, command.Seconds);
        await RunLoopsAsync(command.Concurrency, () => CastLoopAsync(subject, payload, phase, cancellationToken)).ConfigureAwait(false);
        var drained = await DrainAsync(subject, before + phase.Done, command.DrainSeconds, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(phase.Started).TotalSeconds;
        var received = subject.CastsReceived - before;
        var usage = meter.Stop(received);
        var error = phase.FirstError ?? (drained ? null : $"only {received} of {phase.Done} casts reached the server within {command.DrainSeconds} s");
        return new ScenarioResult
        {
            Scenario = command.Id,
            Implementation = subject.Name,
            Ok = received > 0,
            Error = error,
            Ops = received,
            Sent = phase.Done,
            Errors = phase.Errors + Math.Max(0, phase.Done - received),
            ElapsedSeconds = elapsed,
            Throughput = received / elapsed,
            AllocBytesPerOp = usage.AllocPerOp,
            CpuUsPerOp = usage.CpuUsPerOp,
            SwitchesPerOp = usage.SwitchesPerOp,
            Collections = usage.Collections,
            JitSettleSeconds = settled,
            JitMethods = usage.JitMethods,
        };
    }

    /// <summary>Warms on until the runtime's compilation settles, when the command asks for it; null when it does not.</summary>
    private static async Task<double?> SettleAsync(ScenarioCommand command, Func<double, Task> warmFor) =>
        command.JitSettleSeconds > 0 ? await JitSettle.RunAsync(command.JitSettleSeconds, warmFor).ConfigureAwait(false) : null;

    private static async Task RunLoopsAsync(int concurrency, Func<Task> loop)
    {
        var loops = new Task[Math.Max(1, concurrency)];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = Task.Run(loop);
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private static async Task CallLoopAsync(IBenchSubject subject, string payload, Phase phase, LatencyRecorder? recorder, CancellationToken cancellationToken)
    {
        while (phase.TryTake())
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                var echoed = await subject.CallAsync(payload, cancellationToken).ConfigureAwait(false);
                var end = Stopwatch.GetTimestamp();
                if (echoed is null || echoed.Length != payload.Length)
                {
                    phase.Fail($"wrong echo: {echoed?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"} chars instead of {payload.Length}");
                    continue;
                }

                recorder?.Record(end - start);
                Interlocked.Increment(ref phase.Done);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                phase.Fail($"{ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private static async Task CastLoopAsync(IBenchSubject subject, string payload, Phase phase, CancellationToken cancellationToken)
    {
        while (phase.TryTake())
        {
            try
            {
                await subject.CastAsync(payload, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref phase.Done);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                phase.Fail($"{ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>Waits until the server has counted <paramref name="target"/> casts; false if it did not within the time.</summary>
    private static async Task<bool> DrainAsync(IBenchSubject subject, long target, double seconds, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (subject.CastsReceived < target)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>The shared state of the loops of one phase: how many may still start, and until when.</summary>
    private sealed class Phase(int count, double seconds)
    {
        private readonly long _deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        private long _issued;
        private long _errors;
        public long Done;

        public long Started { get; } = Stopwatch.GetTimestamp();

        public long Errors => Volatile.Read(ref _errors);

        public string? FirstError { get; private set; }

        public bool TryTake() =>
            Interlocked.Increment(ref _issued) <= count && Stopwatch.GetTimestamp() < _deadline && Volatile.Read(ref _errors) < MaxErrors;

        public void Fail(string message)
        {
            if (Interlocked.Increment(ref _errors) == 1)
            {
                FirstError = message;
            }
        }
    }
}
