using Xunit.Abstractions;

namespace Oslo.Messaging.RabbitMq.Tests.Cluster;

/// <summary>A rolling restart of all three nodes, one after the other (graceful stop once the node is not
/// quorum-critical, start, wait until it is back), under 8 callers and 8 senders on quorum queues: calls keep
/// succeeding while each node is down, nothing hangs, and no confirmed cast is lost. Long variant only
/// (<see cref="FullClusterFactAttribute"/>).</summary>
[Trait("Category", "Integration")]
[Trait("Category", "Cluster")]
[Collection("Cluster")]
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    [FullClusterFact]
    public async Task RollingRestartOfAllNodes_UnderLoad_ServiceStaysUpAndNoConfirmedCastIsLost()
    {
        await using var load = await ClusterLoad.StartAsync(output, new RabbitMqOptions());
        await load.LoadAsync();
        for (var node = 1; node <= 3; node++)
        {
            var stoppingAt = load.Calls.Now;
            await ClusterBroker.RunAsync($"stop_node {node}", TimeSpan.FromSeconds(120));
            var stoppedAt = load.Calls.Now;
            var callsWhileDown = load.Calls.Succeeded;
            await ClusterBroker.RunAsync($"restart {node}", TimeSpan.FromSeconds(180));
            var backAt = load.Calls.Now;
            callsWhileDown = load.Calls.Succeeded - callsWhileDown;
            Trace.Line(output, $"[node {node}] stop took {(stoppedAt - stoppingAt).TotalSeconds:0.0} s, down {(backAt - stoppedAt).TotalSeconds:0.0} s, " +
                               $"{callsWhileDown} calls succeeded while it was down; placement now {load.Placement}");
            Assert.True(callsWhileDown > 0, $"no call succeeded while node {node} was down");
            await load.Calls.WaitForSuccessesAsync(load.Calls.Succeeded + 50, TimeSpan.FromSeconds(60));
        }

        await load.StopLoadAsync();
        var (lost, duplicates, unconfirmed) = await load.SettleCastsAsync(TimeSpan.FromSeconds(60));
        load.Report(output, "end");
        Trace.Line(output, $"[end] casts confirmed {load.Casts.Count}, processed {load.Endpoint.Casts.Count} distinct, lost {lost}, " +
                           $"duplicates {duplicates}, processed without a confirm {unconfirmed}");
        Assert.Equal(0, lost);
        Assert.Equal(0, load.Calls.Hung);
        Assert.Equal(0, load.Casts.Hung);
        Assert.Empty(load.Calls.Others);
        Assert.Empty(load.Casts.Others);
        Assert.InRange(load.Calls.LongestCall, TimeSpan.Zero, ClusterLoad.CallTimeout + TimeSpan.FromSeconds(5));
        Assert.True(await load.FanoutReachesServerAsync(TimeSpan.FromSeconds(10)), "a fanout cast at the end did not arrive");
    }
}
