using System.Text.Json;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>A decoded request (docs/wire-protocol.md, "Request context"): the <c>_context_*</c> keys gathered into the context, plus <c>client_timeout</c>.</summary>
internal sealed class IncomingRequest
{
    public required string Method { get; init; }

    /// <summary>The <c>args</c> object; undefined when the request had none.</summary>
    public JsonElement Args { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The requested version; "1.0" when absent.</summary>
    public required string Version { get; init; }

    public string? MessageId { get; init; }

    /// <summary>Where the reply goes: the body's <c>_reply_q</c>, or the transport's own reply address when the message
    /// carried one (<see cref="Transports.IncomingMessage.ReplyAddress"/>, set by <see cref="RequestDecoder"/>).</summary>
    public string? ReplyQueue { get; set; }

    public string? UniqueId { get; init; }

    /// <summary>The call-monitor timeout (<c>_timeout</c>) as sent; undefined or null when not monitored.</summary>
    public JsonElement ClientTimeout { get; init; }

    public required RequestContext Context { get; init; }

    public bool IsCall => MessageId is not null && ReplyQueue is not null;

    /// <summary>Decodes a message object; a request that cannot be dispatched comes back as
    /// <see cref="DecodedRequest.Malformed"/> with whatever reply address could be read. Never throws.</summary>
    public static DecodedRequest Decode(JsonElement message)
    {
        try
        {
            return DecodeCore(message);
        }
        catch (InvalidOperationException ex)
        {
            // A string .NET cannot represent (a lone surrogate the Python-JSON rewrite did not see) and the like.
            return DecodedRequest.Bad($"unreadable field: {ex.Message}", null, null);
        }
    }

    private static DecodedRequest DecodeCore(JsonElement message)
    {
        string? method = null, ns = null, version = null, msgId = null, replyQueue = null, uniqueId = null;
        JsonElement args = default, timeout = default;
        // Room for the _context_* keys and client_timeout: the message has at most that many other properties
        // beyond method, args, _unique_id and the usual call fields (a fixed 8 cost ~300 B for the common small context).
        var context = new RequestContext(Math.Max(1, message.GetPropertyCount() - 5));
        string? problem = null;
        foreach (var property in message.EnumerateObject())
        {
            // NameEquals compares the UTF-8 bytes: no string is allocated for the names oslo always sends.
            var value = property.Value;
            if (property.NameEquals("method"u8))
            {
                method = value.ValueKind == JsonValueKind.String ? Recent(value, ref RecentMethod) : null;
                problem ??= method is null ? "'method' is not a string" : null;
            }
            else if (property.NameEquals("args"u8))
            {
                args = value;
            }
            else if (property.NameEquals("namespace"u8))
            {
                ns = OptionalString(value, "namespace", ref problem);
            }
            else if (property.NameEquals("version"u8))
            {
                version = OptionalString(value, "version", ref problem);
            }
            else if (property.NameEquals("_msg_id"u8))
            {
                msgId = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            }
            else if (property.NameEquals("_reply_q"u8))
            {
                replyQueue = value.ValueKind == JsonValueKind.String ? Recent(value, ref RecentReplyQueue) : null;
            }
            else if (property.NameEquals("_timeout"u8))
            {
                timeout = value;
            }
            else if (property.NameEquals("_unique_id"u8))
            {
                uniqueId = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            }
            else if (property.Name is var name && name.StartsWith("_context_", StringComparison.Ordinal))
            {
                context[name["_context_".Length..]] = value;
            }
        }

        context[RequestContext.ClientTimeoutKey] = timeout.ValueKind == JsonValueKind.Undefined ? NullElement : timeout;
        if (method is null)
        {
            problem ??= "the request has no 'method'";
        }
        else if (args.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object or JsonValueKind.Null))
        {
            problem = $"'args' must be a JSON object, not {args.ValueKind}";
        }

        if (problem is not null)
        {
            return DecodedRequest.Bad(problem, msgId, replyQueue);
        }

        return new IncomingRequest
        {
            Method = method!,
            Args = args,
            Namespace = ns,
            Version = version ?? RpcVersion.Default,
            MessageId = msgId,
            ReplyQueue = replyQueue,
            UniqueId = uniqueId,
            ClientTimeout = timeout,
            Context = context,
        };
    }

    private static readonly JsonElement NullElement = JsonElement.Parse("null");

    // The last method name and reply queue this thread decoded: a caller's requests name the same reply queue (one per
    // transport) and mostly the same few methods, and a string for each per request showed in the benchmark's profile.
    [ThreadStatic]
    internal static string? RecentMethod;

    [ThreadStatic]
    internal static string? RecentReplyQueue;

    /// <summary><paramref name="value"/>'s string: <paramref name="recent"/> itself when equal (compared without a
    /// string), else a new one that becomes the recent one.</summary>
    private static string Recent(JsonElement value, ref string? recent) =>
        recent is not null && value.ValueEquals(recent) ? recent : recent = value.GetString()!;

    /// <summary>As <see cref="Recent(JsonElement, ref string?)"/>, for the string token <paramref name="reader"/> is on.</summary>
    internal static string Recent(ref Utf8JsonReader reader, ref string? recent) =>
        recent is not null && reader.ValueTextEquals(recent) ? recent : recent = reader.GetString()!;

    private static string? OptionalString(JsonElement value, string name, ref string? problem)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        if (value.ValueKind != JsonValueKind.Null)
        {
            problem ??= $"'{name}' must be a string or null";
        }

        return null;
    }
}
