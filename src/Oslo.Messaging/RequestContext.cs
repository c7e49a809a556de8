using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Oslo.Messaging;

/// <summary>
/// The request context (oslo's <c>ctxt</c>): a JSON object travelling with every message, flattened on the wire into
/// <c>_context_&lt;key&gt;</c> fields. Keys are the wire keys (<c>user_id</c>, <c>request_id</c> ...).
/// </summary>
/// <remarks>Not thread-safe for writes; an endpoint receives its own instance per request.</remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "oslo's name: a request context, which happens to be readable as a dictionary.")]
public sealed class RequestContext : IReadOnlyDictionary<string, JsonElement>
{
    // What an empty context reads from: never written (writes go to a context's own dictionary, made at the first).
    private static readonly Dictionary<string, JsonElement> NoValues = new(StringComparer.Ordinal);

    // Null until the first value: a call with an empty context (a new one per call is the usual use) made a dictionary.
    private Dictionary<string, JsonElement>? _entries;

    /// <summary>Creates an empty context.</summary>
    public RequestContext()
    {
    }

    /// <summary>Creates a context holding a copy of <paramref name="values"/>.</summary>
    public RequestContext(IEnumerable<KeyValuePair<string, JsonElement>> values)
    {
        _entries = new Dictionary<string, JsonElement>(values, StringComparer.Ordinal);
    }

    internal RequestContext(int capacity)
    {
        _entries = new Dictionary<string, JsonElement>(capacity, StringComparer.Ordinal);
    }

    /// <summary>Key of the call-monitor timeout the server adds to every incoming context (oslo's <c>client_timeout</c>).</summary>
    public const string ClientTimeoutKey = "client_timeout";

    private Dictionary<string, JsonElement> Entries => _entries ?? NoValues;

    private Dictionary<string, JsonElement> Writable => _entries ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    /// <inheritdoc/>
    public int Count => Entries.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => Entries.Keys;

    /// <inheritdoc/>
    public IEnumerable<JsonElement> Values => Entries.Values;

    /// <summary>The user id (<c>user_id</c>), or null.</summary>
    public string? UserId { get => GetString("user_id"); set => Set("user_id", value); }

    /// <summary>The project id (<c>project_id</c>), or null.</summary>
    public string? ProjectId { get => GetString("project_id"); set => Set("project_id", value); }

    /// <summary>The request id (<c>request_id</c>), or null.</summary>
    public string? RequestId { get => GetString("request_id"); set => Set("request_id", value); }

    /// <summary>The global request id (<c>global_request_id</c>), or null.</summary>
    public string? GlobalRequestId { get => GetString("global_request_id"); set => Set("global_request_id", value); }

    /// <summary>The roles (<c>roles</c>); empty when absent.</summary>
    public IReadOnlyList<string> Roles
    {
        get => Get<string[]>("roles") ?? [];
        set => Set("roles", value);
    }

    /// <summary>The call-monitor timeout in seconds the caller asked for (<c>client_timeout</c>), or null.</summary>
    public double? ClientTimeout =>
        Entries.TryGetValue(ClientTimeoutKey, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>Gets or sets a raw JSON value.</summary>
    public JsonElement this[string key]
    {
        get => Entries[key];
        set => Writable[key] = value;
    }

    /// <summary>Sets <paramref name="key"/> to the JSON form of <paramref name="value"/> (null removes nothing: it stores JSON null).</summary>
    public RequestContext Set<T>(string key, T value)
    {
        Writable[key] = JsonSerializer.SerializeToElement(value, (JsonTypeInfo<T>)Serialization.JsonRpcSerializer.DefaultOptions.GetTypeInfo(typeof(T)));
        return this;
    }

    /// <summary>The value of <paramref name="key"/> as a string, or null when absent or not a string.</summary>
    public string? GetString(string key) =>
        Entries.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The value of <paramref name="key"/> converted to <typeparamref name="T"/>, or default when absent or null.</summary>
    /// <exception cref="JsonException">The value does not convert to <typeparamref name="T"/>.</exception>
    public T? Get<T>(string key) =>
        Entries.TryGetValue(key, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.Deserialize((JsonTypeInfo<T>)Serialization.JsonRpcSerializer.DefaultOptions.GetTypeInfo(typeof(T)))
            : default;

    /// <summary>Removes a key.</summary>
    public bool Remove(string key) => Entries.Remove(key);

    /// <inheritdoc/>
    public bool ContainsKey(string key) => Entries.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value) => Entries.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => Entries.GetEnumerator();

    /// <summary>The entries without boxing an enumerator (the request encoder runs this once per message).</summary>
    internal Dictionary<string, JsonElement>.Enumerator GetEntries() => Entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The context as a JSON object, for logs and tests, with secrets masked: the value of every key that
    /// names a token, password, secret, credential or key (<c>auth_token</c>, <c>admin_password</c> ...) is
    /// <c>"***"</c>, as oslo's <c>mask_password</c> does for its logs.</summary>
    public override string ToString()
    {
        var masked = new Dictionary<string, JsonElement>(Entries.Count, StringComparer.Ordinal);
        foreach (var (key, value) in Entries)
        {
            masked[key] = IsSecret(key) ? MaskedValue : value;
        }

        return JsonSerializer.Serialize(masked, Serialization.Internal.PlainJson.Info<Dictionary<string, JsonElement>>());
    }

    private static readonly JsonElement MaskedValue = JsonElement.Parse("\"***\"");

    private static readonly string[] SecretMarkers = ["token", "pass", "secret", "credential", "_key", "pswd"];

    private static bool IsSecret(string key)
    {
        foreach (var marker in SecretMarkers)
        {
            if (key.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
