using System.Text.Json;
using Oslo.Messaging.Interop.Tests.Support;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Interop.Tests.DotNetServer;

/// <summary>
/// The .NET mirror of oslo_server.py's endpoint A (null namespace, version 1.3). Exceptions, as the server's transport maps them:
/// <c>fail</c> ArgumentException = builtins.ValueError; <c>fail_expected</c> KeyNotFoundException = builtins.KeyError (expected);
/// <c>fail_custom</c> <see cref="InteropErrorException"/> = interopmod.InteropError; <c>fail_unregistered</c>
/// InvalidOperationException (not registered: its .NET identity System.InvalidOperationException).
/// </summary>
/// <param name="serverName">What <c>whoami</c> answers.</param>
/// <param name="notes">Where <c>note</c> writes.</param>
/// <param name="abort">Ends pending sleeps when the fixture stops.</param>
[RpcEndpoint(Version = "1.3")]
public sealed class InteropEndpoint(string serverName, NoteBook notes, CancellationToken abort)
{
    public JsonElement Echo(RequestContext context, JsonElement payload) => payload;

    public IReadOnlyDictionary<string, JsonElement> EchoCtxt(RequestContext context) => context.ToDictionary(p => p.Key, p => p.Value);

    public long Add(RequestContext context, long a, long b) => a + b;

    public async Task<double> SleepAsync(RequestContext context, double seconds)
    {
        await Task.Delay(TimeSpan.FromSeconds(seconds), abort);
        return seconds;
    }

    public void Fail(RequestContext context, string message) => throw new ArgumentException(message);

    public void FailUnregistered(RequestContext context, string message) => throw new InvalidOperationException(message);

    public void FailCustom(RequestContext context, string message) => throw new InteropErrorException(message, 42);

    [ExpectedExceptions(typeof(KeyNotFoundException))]
    public void FailExpected(RequestContext context, string message) => throw new KeyNotFoundException(message);

    public void Note(RequestContext context, string kind) => notes.Add(kind);

    public string[] Notes(RequestContext context) => notes.Notes;

    public string Whoami(RequestContext context) => serverName;
}
