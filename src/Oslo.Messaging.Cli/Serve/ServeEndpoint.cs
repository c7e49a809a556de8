using System.Text.Json;

namespace Oslo.Messaging.Cli.Serve;

/// <summary>
/// The endpoint <c>oslomsg serve</c> exposes for interop checks (null namespace, version 1.0):
/// <c>echo(payload)</c>, <c>sleep(seconds)</c> and <c>fail(message)</c>.
/// </summary>
/// <param name="abort">Cancelled when the server gives up waiting for in-flight requests at shutdown: ends pending sleeps.</param>
/// <param name="served">Called once per request an endpoint method takes (serve's live count).</param>
internal sealed class ServeEndpoint(CancellationToken abort, Action? served = null) : IServeApi
{
    /// <summary>The wire names, for the banner.</summary>
    public static readonly string[] Methods = ["echo(payload)", "sleep(seconds)", "fail(message)"];

    /// <inheritdoc/>
    public Task<JsonElement> EchoAsync(RequestContext context, JsonElement payload)
    {
        served?.Invoke();
        return Task.FromResult(payload);
    }

    /// <summary>Waits <paramref name="seconds"/> then returns them: a slow method for timeout and heartbeat checks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, not finite or longer than a day.</exception>
    public async Task<double> SleepAsync(RequestContext context, double seconds)
    {
        served?.Invoke();
        if (!(seconds >= 0) || seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "sleep takes 0 to 86400 seconds");
        }
        await Task.Delay(TimeSpan.FromSeconds(seconds), abort).ConfigureAwait(false);
        return seconds;
    }

    /// <inheritdoc/>
    public Task FailAsync(RequestContext context, string message)
    {
        served?.Invoke();
        throw new ServeFailureException(message);
    }
}
