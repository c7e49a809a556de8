using Xunit.Abstractions;

namespace Oslo.Messaging.RabbitMq.Tests.Cluster;

/// <summary>A node that stops answering with its sockets open (SIGSTOP: a frozen VM, a stalled host). No TCP reset
/// tells the clients; only AMQP heartbeats can. With <c>heartbeat_timeout_threshold=6</c> the server's and the
/// client's connections on that node must be given up within the threshold, then calls must go on through another
/// node.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "Cluster")]
[Collection("Cluster")]
public sealed class PausedNodeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan _threshold = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task PausedNode_DetectedByHeartbeats_ThenCallsFailOver()
    {
        await using var load = await ClusterLoad.StartAsync(output, new RabbitMqOptions(),
            $"rabbit_quorum_queue=true&heartbeat_timeout_threshold={_threshold.TotalSeconds}");
        await load.LoadAsync();
        var (node, _, _) = load.Placement;
        var lost = load.ServerConnectionLost();
        await ClusterBroker.RunAsync($"pause {node}", TimeSpan.FromSeconds(30));
        var pausedAt = load.Calls.Now; // SIGSTOP is the script's last step

        try
        {
            var detectedAt = await lost.WaitAsync(TimeSpan.FromSeconds(60));
            var detection = detectedAt - pausedAt;
            Trace.Line(output, $"[pause] node {node} paused; the server's connection given up {detection.TotalSeconds:0.0} s later (threshold {_threshold.TotalSeconds} s)");
            var callsBefore = load.Calls.Succeeded;
            await load.Calls.WaitForSuccessesAsync(callsBefore + 100, TimeSpan.FromSeconds(120));
            var firstCall = load.Calls.FirstSuccessAfter(detectedAt) - pausedAt;
            Trace.Line(output, $"[pause] first call answered {firstCall?.TotalSeconds:0.0} s after the pause; placement now {load.Placement}");
            // Within the threshold; 2 s of slack for timers on a loaded 2-core machine. Before BrokerConnector.HeartbeatFor
            // asked for a quarter of it, this took 20.5 s.
            Assert.InRange(detection, TimeSpan.Zero, _threshold + TimeSpan.FromSeconds(2));
            Assert.NotEqual(node, load.Placement.Server);
        }
        finally
        {
            await ClusterBroker.RunAsync($"resume {node}", TimeSpan.FromSeconds(30));
        }

        await load.StopLoadAsync();
        var (lostCasts, duplicates, _) = await load.SettleCastsAsync(TimeSpan.FromSeconds(90));
        load.Report(output, "end");
        Trace.Line(output, $"[end] casts confirmed {load.Casts.Count}, lost {lostCasts}, duplicates {duplicates}");
        Assert.Equal(0, load.Calls.Hung);
        Assert.Equal(0, load.Casts.Hung);
        Assert.Empty(load.Calls.Others);
        Assert.Empty(load.Casts.Others);
        Assert.Equal(0, lostCasts);
    }
}
