using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>
/// The .NET twin of tests/interop/python/interopmod.py's <c>InteropError(message, **kwargs)</c>: registered under
/// ("interopmod", "InteropError") it is recreated from a Python failure, and a .NET server sends it so that a Python
/// client allowing <c>interopmod</c> rebuilds the real class with <c>kwargs == {"code": code}</c>.
/// </summary>
public sealed class InteropErrorException(string message, int code) : MessagingException(message)
{
    public const string WireModule = "interopmod";
    public const string WireClass = "InteropError";

    public int Code { get; } = code;

    public override IReadOnlyDictionary<string, object?> WireKwargs => new Dictionary<string, object?> { ["code"] = Code };

    /// <summary>Registers the type under its Python identity; the code comes from the failure's kwargs.</summary>
    public static void Register(RemoteExceptionRegistry registry) =>
        registry.Register(WireModule, WireClass, f => new InteropErrorException(
            f.Message,
            f.Kwargs.ValueKind == System.Text.Json.JsonValueKind.Object && f.Kwargs.TryGetProperty("code", out var code) ? code.GetInt32() : -1));
}
