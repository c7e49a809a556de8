using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Interop.Tests.Mixed;

/// <summary>A .NET and a Python server sharing a topic under their own control exchange, reached from both clients.</summary>
[Trait("Category", "Integration")]
public sealed class MixedServersTests(MixedServersFixture servers) : IClassFixture<MixedServersFixture>
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("net")]
    [InlineData("py")]
    public async Task DotNetCall_ServerDirectedUnderOwnExchange_ReachesThatServer(string server)
    {
        Assert.Equal(server, await servers.Client().Prepare(server: server).CallAsync<string>(new RequestContext(), "whoami"));
    }

    [Theory]
    [InlineData("net")]
    [InlineData("py")]
    public async Task PythonCall_ServerDirectedUnderOwnExchange_ReachesThatServer(string server)
    {
        var outcome = await PythonClient.RunAsync(servers.Call("whoami") with { Server = server });

        Assert.Equal(server, outcome.AssertOk().GetString());
    }

    [Fact]
    public async Task DotNetCall_DefaultExchange_IsUndeliverable()
    {
        // Nothing of this topic is bound on "openstack": a mandatory publish comes back at once.
        var client = servers.DefaultExchangeClient(new RpcClientOptions { Timeout = _deadline, AtLeastOnce = true });

        var error = await Assert.ThrowsAsync<MessageUndeliverableException>(() => client.CallAsync(new RequestContext(), "whoami"));

        Assert.Equal("openstack", error.Exchange);
    }

    [Fact]
    public async Task DotNetFanoutCast_ReachesPythonAndDotNetServers()
    {
        var kind = "net-fanout-" + Guid.NewGuid().ToString("N");

        await servers.Client().Prepare(fanout: true).CastAsync(new RequestContext(), "note", new { kind });

        await servers.NetNotes.WaitForAsync(kind, _deadline);
        await WaitForPythonNoteAsync(kind);
    }

    [Fact]
    public async Task PythonFanoutCast_ReachesPythonAndDotNetServers()
    {
        var kind = "py-fanout-" + Guid.NewGuid().ToString("N");

        (await PythonClient.RunAsync(servers.Call("note") with { Kind = "cast", Fanout = true, Args = new { kind } })).AssertOk();

        await servers.NetNotes.WaitForAsync(kind, _deadline);
        await WaitForPythonNoteAsync(kind);
    }

    private Task<string[]> WaitForPythonNoteAsync(string kind) =>
        Poll.UntilAsync(
            () => servers.Client().Prepare(server: "py").CallAsync<string[]>(new RequestContext(), "notes"),
            notes => notes.Contains(kind),
            _deadline,
            notes => $"py notes [{string.Join(", ", notes)}] lack {kind}; stderr:\n{servers.PythonStderr}");
}
