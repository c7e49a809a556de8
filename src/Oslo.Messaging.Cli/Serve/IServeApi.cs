using System.Text.Json;
using Oslo.Messaging.Contracts;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Cli.Serve;

/// <summary>What <c>oslomsg serve</c> answers (null namespace, version 1.0). A typed contract, so the native (AOT)
/// oslomsg serves it without reflection; the server's topic comes from <c>--topic</c>, not from this attribute.</summary>
[RpcContract("oslomsg")]
internal interface IServeApi
{
    /// <summary>Returns <paramref name="payload"/> unchanged (any JSON value).</summary>
    Task<JsonElement> EchoAsync(RequestContext context, JsonElement payload);

    /// <summary>Waits <paramref name="seconds"/> then returns them: a slow method for timeout and heartbeat checks.</summary>
    Task<double> SleepAsync(RequestContext context, double seconds);

    /// <summary>Always fails with <paramref name="message"/>; the caller sees a remote <c>ServeFailure</c>.</summary>
    [ExpectedExceptions(typeof(ServeFailureException))]
    Task FailAsync(RequestContext context, string message);
}
