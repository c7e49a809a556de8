using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>The untyped calls' <c>object? args</c> (anonymous object, dictionary, JSON object) as <see cref="IRpcArguments"/>.</summary>
internal readonly struct UntypedArguments(object? args) : IRpcArguments
{
    public const string Reason = ArgumentWriter.Reason;

    // Only the untyped RpcClient methods create this struct, and they carry RequiresUnreferencedCode/RequiresDynamicCode,
    // so every caller that can reach the reflection below was already warned.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Created only by RpcClient methods marked RequiresUnreferencedCode.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Created only by RpcClient methods marked RequiresDynamicCode.")]
    public void WriteTo(Utf8JsonWriter writer, RequestContext context, RpcSerializer serializer) =>
        ArgumentWriter.Write(writer, args, context, serializer);
}
