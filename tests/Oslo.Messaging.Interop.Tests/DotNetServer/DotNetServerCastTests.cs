using Oslo.Messaging.Interop.Tests.Support;
namespace Oslo.Messaging.Interop.Tests.DotNetServer;

/// <summary>Casts from a real oslo.messaging client executed by .NET servers.</summary>
[Trait("Category", "Integration")]
[Collection(DotNetServersCollection.Name)]
public sealed class DotNetServerCastTests(DotNetServersFixture servers)
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(10);

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Cast_ServerDirected_OnlyThatServerRunsIt(string oslo)
    {
        var kind = "direct-" + Guid.NewGuid().ToString("N");

        var result = (await servers.RunAsync(servers.Call(oslo, "note") with { Kind = "cast", Server = "s2", Args = new { kind } })).AssertOk();

        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.ValueKind);
        await servers.S2Notes.WaitForAsync(kind, _signal);
        // s2 has run it; a copy routed to s1 would have arrived by the same time.
        Assert.Equal(0, servers.S1Notes.Count(kind));
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Cast_Fanout_EveryServerRunsIt(string oslo)
    {
        var kind = "fanout-" + Guid.NewGuid().ToString("N");

        (await servers.RunAsync(servers.Call(oslo, "note") with { Kind = "cast", Fanout = true, Args = new { kind } })).AssertOk();

        await servers.S1Notes.WaitForAsync(kind, _signal);
        await servers.S2Notes.WaitForAsync(kind, _signal);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Cast_Topic_ExactlyOneServerRunsIt(string oslo)
    {
        var kind = "topic-" + Guid.NewGuid().ToString("N");

        (await servers.RunAsync(servers.Call(oslo, "note") with { Kind = "cast", Args = new { kind } })).AssertOk();

        await Task.WhenAny(servers.S1Notes.WaitForAsync(kind, _signal), servers.S2Notes.WaitForAsync(kind, _signal)).Unwrap();
        Assert.Equal(1, servers.S1Notes.Count(kind) + servers.S2Notes.Count(kind));
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_NotesAfterCast_ReturnsWhatWasNoted(string oslo)
    {
        var kind = "seen-" + Guid.NewGuid().ToString("N");
        (await servers.RunAsync(servers.Call(oslo, "note") with { Kind = "cast", Server = "s1", Args = new { kind } })).AssertOk();
        await servers.S1Notes.WaitForAsync(kind, _signal);

        var notes = (await servers.RunAsync(servers.Call(oslo, "notes") with { Server = "s1" })).AssertOk();

        Assert.Contains(kind, notes.EnumerateArray().Select(n => n.GetString()));
    }
}
