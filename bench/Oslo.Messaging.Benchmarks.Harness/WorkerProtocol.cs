using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oslo.Messaging.Benchmarks.Harness;

/// <summary>
/// The line protocol between the orchestrator and a worker process. Orchestrator -> worker (stdin), one JSON object a
/// line: <c>{"op":"run","scenario":{...ScenarioCommand...}}</c> or <c>{"op":"stop"}</c>. Worker -> orchestrator
/// (stdout), lines starting with <see cref="Prefix"/> followed by one JSON object with an <c>event</c>:
/// <c>ready</c> (with <c>info</c>), <c>result</c> (with <c>result</c>), <c>stopped</c> (with
/// <c>peak_working_set_bytes</c>) or <c>error</c> (with <c>error</c>). Any other stdout line is ignored.
/// </summary>
public static class WorkerProtocol
{
    public const string Prefix = "@@bench ";

    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
