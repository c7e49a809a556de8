using Xunit.Abstractions;

namespace Oslo.Messaging.RabbitMq.Tests.Cluster;

/// <summary>kill -9 of the node an RPC server's and a client's connections are on, while 8 callers call and 8 senders
/// cast, on quorum queues: calls resume through another node, nothing hangs, every call ends by its deadline, the
/// consumers come back, and no cast the broker confirmed is lost. CI kills one node once; <c>OSLO_TEST_FULL=1</c>
/// kills and restarts a node twice over at least 20,000 casts.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "Cluster")]
[Collection("Cluster")]
public sealed class NodeKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task NodeKilled_UnderCallAndCastLoad_CallsResumeElsewhereAndNoConfirmedCastIsLost()
    {
        var kills = ClusterBroker.Full ? 2 : 1;
        var minimumCasts = ClusterBroker.Full ? 20_000 : 1_000;
        // oslo's default reconnect pacing: the figures are what a deployment would see.
        await using var load = await ClusterLoad.StartAsync(output, new RabbitMqOptions());
        await load.LoadAsync();
        for (var round = 1; round <= kills; round++)
        {
            var (node, send, reply) = load.Placement;
            Trace.Line(output, $"[kill {round}] server on node {node}, client send on node {send}, reply on node {reply}; killing node {node}");
            var callsBefore = load.Calls.Succeeded;
            var connectionLost = load.ServerConnectionLost();
            await ClusterBroker.RunAsync($"kill {node}", TimeSpan.FromSeconds(30));
            var killedAt = await connectionLost.WaitAsync(TimeSpan.FromSeconds(30));
            await load.Calls.WaitForSuccessesAsync(callsBefore + 100, TimeSpan.FromSeconds(90));
            var consumersBack = await load.WaitForConsumersAsync(node, killedAt, TimeSpan.FromSeconds(90));
            // Calls resume while the node is still down (the callers' in-flight calls end at their deadline first).
            using (var resumed = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                while (load.Calls.FirstSuccessAfter(killedAt) is null && !resumed.IsCancellationRequested)
                {
                    await Task.Delay(100);
                }
            }

            var firstCall = load.Calls.FirstSuccessAfter(killedAt) - killedAt;
            Assert.True(firstCall is not null, $"no call succeeded within 60 s of the kill of node {node} ({load.Calls})");
            var firstCast = load.Casts.FirstConfirmAfter(killedAt) - killedAt;
            Trace.Line(output, $"[kill {round}] first call answered {firstCall?.TotalSeconds:0.00} s after the kill, first cast confirmed " +
                             $"{firstCast?.TotalSeconds:0.00} s after, all four consumers back {consumersBack.TotalSeconds:0.00} s after; " +
                             $"now server on node {load.Placement.Server}, send on {load.Placement.Send}, reply on {load.Placement.Reply}");
            Assert.NotEqual(node, load.Placement.Server);
            Assert.True(await load.FanoutReachesServerAsync(TimeSpan.FromSeconds(10)), "a fanout cast after the failover did not arrive");

            var restartedAt = load.Calls.Now;
            await ClusterBroker.RunAsync($"restart {node}", TimeSpan.FromSeconds(180));
            Trace.Line(output, $"[kill {round}] node {node} back after {(load.Calls.Now - killedAt).TotalSeconds:0.0} s (restart took {(load.Calls.Now - restartedAt).TotalSeconds:0.0} s)");
            await load.Calls.WaitForSuccessesAsync(load.Calls.Succeeded + 100, TimeSpan.FromSeconds(60));
        }

        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(ClusterBroker.Full ? 15 : 2)))
        {
            while (load.Casts.Count < minimumCasts && !deadline.IsCancellationRequested)
            {
                await Task.Delay(500);
            }
        }

        await load.StopLoadAsync();
        var (lost, duplicates, unconfirmed) = await load.SettleCastsAsync(TimeSpan.FromSeconds(60));
        load.Report(output, "end");
        Trace.Line(output, $"[end] casts confirmed {load.Casts.Count}, processed {load.Endpoint.Casts.Count} distinct, lost {lost}, " +
                         $"duplicates {duplicates}, processed without a confirm {unconfirmed}");

        Assert.True(load.Casts.Count >= minimumCasts, $"only {load.Casts.Count} casts confirmed (wanted {minimumCasts})");
        Assert.Equal(0, lost);
        Assert.Equal(0, load.Calls.Hung);
        Assert.Equal(0, load.Casts.Hung);
        Assert.Empty(load.Calls.Others);
        Assert.Empty(load.Casts.Others);
        Assert.InRange(load.Calls.LongestCall, TimeSpan.Zero, ClusterLoad.CallTimeout + TimeSpan.FromSeconds(5));
        Assert.True(await load.FanoutReachesServerAsync(TimeSpan.FromSeconds(10)), "a fanout cast at the end did not arrive");
    }
}
