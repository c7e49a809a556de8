using Oslo.Messaging.Interop.Tests.DotNetServer;

namespace Oslo.Messaging.Interop.Tests.Typed;

/// <summary>The .NET implementation of <see cref="ITypedInteropApi"/>, served through the generated
/// <see cref="TypedInteropApiEndpoint"/> (no reflection). <c>fail_expected</c> throws <see cref="KeyNotFoundException"/>,
/// which the server's transport maps to builtins.KeyError.</summary>
/// <param name="serverName">What <c>whoami</c> answers.</param>
/// <param name="notes">Where <c>note</c> writes.</param>
public sealed class TypedInteropService(string serverName, NoteBook notes) : ITypedInteropApi
{
    public Task<long> AddAsync(RequestContext context, long a, long b, CancellationToken cancellationToken = default) => Task.FromResult(a + b);

    public Task<Inventory> EchoAsync(RequestContext context, Inventory payload) => Task.FromResult(payload);

    public Task NoteAsync(RequestContext context, string kind)
    {
        notes.Add(kind);
        return Task.CompletedTask;
    }

    public Task<string[]> NotesAsync(RequestContext context) => Task.FromResult(notes.Notes);

    public ValueTask<string> WhoamiAsync() => ValueTask.FromResult(serverName);

    public Task FailExpectedAsync(RequestContext context, string message) => throw new KeyNotFoundException(message);

    public Task<Inventory> DescribeHostAsync(RequestContext context, string host, int slots) => Task.FromResult(new Inventory(
        host,
        [.. Enumerable.Range(0, slots).Select(i => new Slot(i, i == 0 ? new Flavor("m1.small", 1, 2.0, true) : null, i == 0 ? ["ssd"] : []))],
        new Dictionary<string, Flavor> { ["m1.small"] = new("m1.small", 1, 2.0, true) },
        Note: $"described for {context.UserId ?? "nobody"}"));
}
