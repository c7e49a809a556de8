using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Internal;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// Sends oslo's call-monitor heartbeats (docs/wire-protocol.md, "Call-monitor heartbeats") for one monitored call: every
/// <c>int(_timeout)/2</c> s until the handler ends. Unlike oslo 14 it always stops, whatever the dispatch outcome.
/// </summary>
internal sealed class CallMonitorHeartbeat : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private CallMonitorHeartbeat(IncomingRequest request, TimeSpan interval, ReplySender replies, TimeProvider time)
    {
        _loop = RunAsync(request.MessageId!, request.ReplyQueue!, interval, replies, time, _stop.Token);
    }

    /// <summary>Starts heartbeats when the request asks for them. Never throws for what a peer sent: a <c>_timeout</c>
    /// that is not a finite positive number is ignored (oslo ignores what it cannot use too), and one beyond what a
    /// .NET timer accepts is clamped (a heartbeat every 49 days still beats a monitor timeout that long).</summary>
    public static CallMonitorHeartbeat? Start(IncomingRequest request, ReplySender replies, TimeProvider time, ILogger logger)
    {
        if (request.ClientTimeout.ValueKind != JsonValueKind.Number)
        {
            return null; // Not monitored, or a non-numeric value that oslo ignores too.
        }

        if (!request.ClientTimeout.TryGetDouble(out var timeout) || !double.IsFinite(timeout) || timeout <= 0)
        {
            RpcLog.HeartbeatIgnored(logger, request.MessageId!, request.ClientTimeout.GetRawText());
            return null;
        }

        var seconds = Math.Floor(timeout) / 2;
        if (seconds < 1)
        {
            RpcLog.HeartbeatTooFast(logger, timeout);
            return null;
        }

        var interval = seconds >= Deadline.MaxTimer.TotalSeconds ? Deadline.MaxTimer : TimeSpan.FromSeconds(seconds);
        return new CallMonitorHeartbeat(request, interval, replies, time);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public void Dispose() => _stop.Dispose();

    private static async Task RunAsync(string messageId, string replyQueue, TimeSpan interval, ReplySender replies, TimeProvider time, CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false)
                && await replies.SendHeartbeatAsync(messageId, replyQueue, interval, stop).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The handler finished.
        }
    }
}
