using System.Text.Json;

namespace Oslo.Messaging.Exceptions;

/// <summary>
/// A remote exception as it travelled (oslo's failure format, docs/wire-protocol.md, "Failure format"): class, module, message, traceback,
/// args and kwargs. Factories registered in <see cref="RemoteExceptionRegistry"/> build .NET exceptions from it.
/// </summary>
/// <param name="ClassName">The remote class name, e.g. <c>ValueError</c>.</param>
/// <param name="Module">The remote module; <c>exceptions</c> is normalised to <c>builtins</c>.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="Traceback">Formatted traceback lines, each ending in a newline.</param>
/// <param name="Args">The positional args (a JSON array, or undefined when absent).</param>
/// <param name="Kwargs">The keyword args (a JSON object, or undefined when absent).</param>
public sealed record RemoteFailure(
    string ClassName,
    string Module,
    string Message,
    IReadOnlyList<string> Traceback,
    JsonElement Args,
    JsonElement Kwargs)
{
    /// <summary>The key under which re-created exceptions carry the remote traceback in <see cref="Exception.Data"/>.</summary>
    public const string TracebackDataKey = "oslo.remote_traceback";

    /// <summary>The message followed by the traceback, as oslo's client shows a re-raised remote exception.</summary>
    public string FullText => Traceback.Count == 0 ? Message : Message + "\n" + string.Join("\n", Traceback);

    /// <summary>Reads a string keyword argument, or null.</summary>
    public string? KwargString(string name) =>
        Kwargs.ValueKind == JsonValueKind.Object && Kwargs.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    /// <summary>Reads the positional argument at <paramref name="index"/> as a string, or null.</summary>
    public string? ArgString(int index) =>
        Args.ValueKind == JsonValueKind.Array && Args.GetArrayLength() > index && Args[index].ValueKind == JsonValueKind.String
            ? Args[index].GetString()
            : null;
}
