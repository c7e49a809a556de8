using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// Sends oslo's call-monitor heartbeats (docs/wire-protocol.md, "Call-monitor heartbeats") for one monitored call: every <c>int(_timeout)/2</c> s until the
/// handler ends. Unlike oslo 14 it always stops, whatever the dispatch outcome.
/// </summary>
internal sealed class CallMonitorHeartbeat : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private CallMonitorHeartbeat(IncomingRequest request, TimeSpan interval, Transport transport, ILogger logger)
    {
        _loop = RunAsync(request.MessageId!, request.ReplyQueue!, interval, transport, logger, _stop.Token);
    }

    public static CallMonitorHeartbeat? Start(IncomingRequest request, Transport transport, ILogger logger)
    {
        if (request.ClientTimeout.ValueKind != JsonValueKind.Number)
        {
            return null; // Not monitored, or a non-numeric value that oslo ignores too.
        }

        var timeout = request.ClientTimeout.GetDouble();
        if (timeout <= 0)
        {
            return null;
        }

        var seconds = Math.Floor(timeout) / 2;
        if (seconds < 1)
        {
            RpcLog.HeartbeatTooFast(logger, timeout);
            return null;
        }

        return new CallMonitorHeartbeat(request, TimeSpan.FromSeconds(seconds), transport, logger);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public void Dispose() => _stop.Dispose();

    private static async Task RunAsync(string messageId, string replyQueue, TimeSpan interval, Transport transport, ILogger logger, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, transport.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                using var buffer = new PooledBufferWriter(256);
                ReplyCodec.EncodeHeartbeat(buffer, messageId);
                await transport.Driver.SendAsync(Destination.ToReply(replyQueue), buffer.WrittenMemory, new SendOptions(Mandatory: true), stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The handler finished.
        }
        catch (Exception ex)
        {
            RpcLog.HeartbeatFailed(logger, messageId, ex); // oslo: a failed heartbeat stops the watchdog.
        }
    }
}
