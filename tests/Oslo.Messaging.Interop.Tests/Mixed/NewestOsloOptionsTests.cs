using Oslo.Messaging.Interop.Tests.DotNetServer;
using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Interop.Tests.Mixed;

/// <summary>
/// The newest oslo's RabbitMQ options with the real oslo.messaging 18.1.0: for each option, a .NET server and a Python
/// 18.1.0 server on one topic with the same option (in the URL query of both). The .NET server starts first, so the
/// Python server re-declares every shared object (topic exchange, <c>T</c>, <c>T_fanout</c>, the stream): RabbitMQ's
/// equivalence check is symmetric, so no 406 here means none in either order. Then calls from both clients reach both
/// servers, and fanout casts from both clients reach both servers. Each case has its own <c>hostname</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NewestOsloOptionsTests
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(15);

    [NewestOsloTheory]
    [InlineData("rabbit_quorum_queue=true")]
    [InlineData("rabbit_transient_quorum_queue=true")]
    [InlineData("rabbit_transient_quorum_queue=true&rabbit_stream_fanout=true&rabbit_qos_prefetch_count=10")]
    [InlineData("use_queue_manager=true")]
    [InlineData("rabbit_transient_queues_ttl=0")]
    [InlineData("kombu_compression=gzip")]
    [InlineData("rabbit_quorum_queue=true&rabbit_transient_quorum_queue=true&use_queue_manager=true&rabbit_stream_fanout=true&rabbit_qos_prefetch_count=10")]
    public async Task PythonAndDotNetServers_SameOption_NoPreconditionFailedAndCallsAndFanoutReachBoth(string query)
    {
        // Queue manager names (reply_<hostname>:<processname>:<n>) are stable across processes: every case gets its own
        // hostname, or a name left by an earlier case with other flags (classic vs quorum) fails this one with a 406.
        query += "&hostname=" + InteropEnvironment.Unique("case");
        var topic = InteropEnvironment.Unique("opt");
        var exchange = InteropEnvironment.Unique("optx");
        var url = InteropEnvironment.RabbitUrl + "?" + query;
        var notes = new NoteBook();
        using var abort = new CancellationTokenSource();
        await using var serverTransport = await Transport.CreateAsync(url, Options(DotNetServersFixture.MapExceptions));
        await using var clientTransport = await Transport.CreateAsync(url, Options(null));
        await using var netServer = new RpcServer(serverTransport, new Target(topic, "net", exchange: exchange),
            [new InteropEndpoint("net", notes, abort.Token), new InteropEndpointB()]);
        await netServer.StartAsync();
        await using var python = await PythonServerProcess.StartAsync(topic, "py", exchange: exchange, osloPath: NewestOslo.Path, query: query);
        var client = new RpcClient(clientTransport, new Target(topic, exchange: exchange), new RpcClientOptions { Timeout = _deadline });
        try
        {
            // .NET client -> both servers; Python client -> both servers (server-directed calls).
            foreach (var server in new[] { "net", "py" })
            {
                Assert.Equal(server, await client.Prepare(server: server).CallAsync<string>(new RequestContext(), "whoami"));
            }

            var pyCall = new PythonCall(topic, "whoami") { Exchange = exchange, Url = url, OsloPath = NewestOslo.Path };
            Assert.Equal("net", (await PythonClient.RunAsync(pyCall with { Server = "net" })).AssertOk().GetString());

            // Fanout casts from both clients reach both servers.
            var netKind = "net-fanout-" + Guid.NewGuid().ToString("N");
            var pyKind = "py-fanout-" + Guid.NewGuid().ToString("N");
            await client.Prepare(fanout: true).CastAsync(new RequestContext(), "note", new { kind = netKind });
            (await PythonClient.RunAsync(pyCall with { Method = "note", Kind = "cast", Fanout = true, Args = new { kind = pyKind } })).AssertOk();
            foreach (var kind in new[] { netKind, pyKind })
            {
                await notes.WaitForAsync(kind, _deadline);
                await Poll.UntilAsync(
                    () => client.Prepare(server: "py").CallAsync<string[]>(new RequestContext(), "notes"),
                    seen => seen.Contains(kind),
                    _deadline,
                    seen => $"py notes [{string.Join(", ", seen)}] lack {kind}; stderr:\n{python.Stderr}");
            }

            Assert.DoesNotContain("PRECONDITION_FAILED", python.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await abort.CancelAsync();
        }
    }

    private static TransportOptions Options(Action<TransportOptions>? configure)
    {
        var options = new TransportOptions();
        Oslo.Messaging.RabbitMq.RabbitMqTransportOptionsExtensions.UseRabbitMq(options);
        configure?.Invoke(options);
        return options;
    }
}
