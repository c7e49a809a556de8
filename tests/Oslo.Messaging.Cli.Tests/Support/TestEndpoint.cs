using System.Text.Json;

namespace Oslo.Messaging.Cli.Tests.Support;

/// <summary>The endpoint the CLI's call/cast/ping tests talk to (null namespace, version 1.0).</summary>
internal sealed class TestEndpoint
{
    private readonly string _serverName;
    private readonly TestSignals _signals;

    public TestEndpoint(string serverName, TestSignals signals)
    {
        _serverName = serverName;
        _signals = signals;
    }

    public int Add(RequestContext context, int a, int b) => a + b;

    public JsonElement Echo(RequestContext context, JsonElement payload) => payload;

    public string Whoami(RequestContext context) => _serverName;

    public object WhoCalls(RequestContext context) => new { user = context.UserId, roles = context.Roles };

    public void Fail(RequestContext context, string message) => throw new InvalidOperationException(message);

    public void Nothing(RequestContext context)
    {
    }

    public async Task<string> HangAsync(RequestContext context)
    {
        _signals.HangEntered.TrySetResult();
        await _signals.Release.Task;
        return "released";
    }

    public void Notify(RequestContext context, string message) => _signals.NotifiedOn(_serverName).TrySetResult(message);
}
