using Oslo.Messaging.Interop.Tests.Support;

namespace Oslo.Messaging.Interop.Tests.PythonServer;

/// <summary>.NET casts (topic, server-directed, fanout) executed by real oslo.messaging servers, checked through their <c>notes()</c>.</summary>
[Trait("Category", "Integration")]
[Collection(PythonServersCollection.Name)]
public sealed class PythonServerCastTests(PythonServersFixture servers)
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(10);

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CastAsync_ServerDirected_OnlyThatServerRunsIt(string oslo)
    {
        var kind = "direct-" + Guid.NewGuid().ToString("N");

        await servers[oslo].Client().Prepare(server: "s2").CastAsync(PythonServersFixture.Context(), "note", new { kind });

        await WaitForNoteAsync(oslo, "s2", kind);
        // s2 has run the cast; a second copy could only have been routed to s1 at the same moment, so it would be there now.
        Assert.DoesNotContain(kind, await NotesAsync(oslo, "s1"));
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CastAsync_Fanout_EveryServerRunsIt(string oslo)
    {
        var kind = "fanout-" + Guid.NewGuid().ToString("N");

        await servers[oslo].Client().Prepare(fanout: true).CastAsync(PythonServersFixture.Context(), "note", new { kind });

        await WaitForNoteAsync(oslo, "s1", kind);
        await WaitForNoteAsync(oslo, "s2", kind);
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task CastAsync_Topic_ExactlyOneServerRunsIt(string oslo)
    {
        var kind = "topic-" + Guid.NewGuid().ToString("N");

        await servers[oslo].Client().CastAsync(PythonServersFixture.Context(), "note", new { kind });

        var counts = await Poll.UntilAsync(
            async () => (await NotesAsync(oslo, "s1")).Count(n => n == kind) + (await NotesAsync(oslo, "s2")).Count(n => n == kind),
            count => count > 0,
            _deadline,
            count => $"{count} servers noted {kind}; {servers[oslo].ServersStderr}");
        Assert.Equal(1, counts);
    }

    private async Task<string[]> NotesAsync(string oslo, string server) =>
        await servers[oslo].Client().Prepare(server: server).CallAsync<string[]>(new Messaging.RequestContext(), "notes");

    private Task<string[]> WaitForNoteAsync(string oslo, string server, string kind) =>
        Poll.UntilAsync(
            () => NotesAsync(oslo, server),
            notes => notes.Contains(kind),
            _deadline,
            notes => $"{server} notes [{string.Join(", ", notes)}] lack {kind}; {servers[oslo].ServersStderr}");
}
