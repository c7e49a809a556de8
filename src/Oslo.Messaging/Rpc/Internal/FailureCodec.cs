using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Serialization.Internal;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>oslo's remote exception format (docs/wire-protocol.md, "Failure format"): a JSON object encoded again as a string in the reply's <c>failure</c>.</summary>
internal static class FailureCodec
{
    /// <summary>Encodes <paramref name="exception"/>; when that fails (its <see cref="MessagingException.WireArgs"/> do not
    /// serialize, a property throws ...) a plain failure with the same class, module and message, which always encodes.</summary>
    public static string EncodeSafely(Exception exception, RemoteExceptionRegistry registry)
    {
        try
        {
            return Encode(exception, registry);
        }
        catch (Exception)
        {
            return EncodePlain(exception, registry);
        }
    }

    private static string EncodePlain(Exception exception, RemoteExceptionRegistry registry)
    {
        string module, className, message;
        try
        {
            (module, className) = registry.IdentityOf(exception.GetType());
            message = exception.Message;
        }
        catch (Exception)
        {
            (module, className, message) = ("builtins", "Exception", exception.GetType().FullName ?? "Exception");
        }

        using var buffer = new PooledBufferWriter(256);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("class", className);
            writer.WriteString("module", module);
            writer.WriteString("message", message);
            writer.WriteStartArray("tb");
            writer.WriteStringValue($"{className}: {message}\n");
            writer.WriteEndArray();
            writer.WriteStartArray("args");
            writer.WriteStringValue(message);
            writer.WriteEndArray();
            writer.WriteStartObject("kwargs");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Encode(Exception exception, RemoteExceptionRegistry registry)
    {
        var (module, className) = registry.IdentityOf(exception.GetType());
        using var buffer = new PooledBufferWriter(512);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("class", className);
            writer.WriteString("module", module);
            writer.WriteString("message", exception.Message);
            writer.WriteStartArray("tb");
            foreach (var line in TracebackOf(exception, className))
            {
                writer.WriteStringValue(line);
            }

            writer.WriteEndArray();
            var messaging = exception as MessagingException;
            writer.WritePropertyName("args");
            JsonSerializer.Serialize(writer, messaging?.WireArgs ?? [exception.Message], PlainJson.Info<IReadOnlyList<object?>>());
            writer.WritePropertyName("kwargs");
            JsonSerializer.Serialize(writer, messaging?.WireKwargs ?? new Dictionary<string, object?>(), PlainJson.Info<IReadOnlyDictionary<string, object?>>());
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses a failure string; anything unreadable still yields a failure the caller can see.</summary>
    public static RemoteFailure Decode(string failure)
    {
        JsonElement root;
        try
        {
            root = JsonElement.Parse(failure, WireJson.DocumentOptions);
        }
        catch (JsonException)
        {
            return new RemoteFailure("MalformedFailure", "oslo_messaging", failure, [], default, default);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return new RemoteFailure("MalformedFailure", "oslo_messaging", failure, [], default, default);
        }

        var traceback = new List<string>();
        if (root.TryGetProperty("tb", out var tb) && tb.ValueKind == JsonValueKind.Array)
        {
            foreach (var line in tb.EnumerateArray())
            {
                traceback.Add(line.ValueKind == JsonValueKind.String ? line.GetString()! : line.GetRawText());
            }
        }

        return new RemoteFailure(
            StringOf(root, "class") ?? "Exception",
            RemoteExceptionRegistry.NormaliseModule(StringOf(root, "module") ?? "builtins"),
            StringOf(root, "message") ?? "",
            traceback,
            root.TryGetProperty("args", out var args) ? args : default,
            root.TryGetProperty("kwargs", out var kwargs) ? kwargs : default);
    }

    private static string? StringOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<string> TracebackOf(Exception exception, string className)
    {
        // .NET frames, most recent first, each line ending in "\n" as oslo's tb lines do; last line "Class: message".
        if (exception.StackTrace is { } trace)
        {
            foreach (var line in trace.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return line.TrimEnd('\r') + "\n";
            }
        }

        yield return $"{className}: {exception.Message}\n";
    }
}
