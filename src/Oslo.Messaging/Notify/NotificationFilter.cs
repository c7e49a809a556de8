using System.Text.Json;
using System.Text.RegularExpressions;
using Oslo.Messaging.Serialization.Internal;

namespace Oslo.Messaging.Notify;

/// <summary>
/// Which notifications an endpoint receives (oslo's <c>NotificationFilter</c>): regular expressions matched from the
/// start of the value (Python's <c>re.match</c>: <c>"compute"</c> matches <c>"compute.instance.create"</c>). Every
/// given expression must match; for the dictionaries, every key must be present and its value a string that matches.
/// A value that is not a string (a number, null, an object) never matches.
/// </summary>
public sealed class NotificationFilter
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private readonly Regex? _publisherId;
    private readonly Regex? _eventType;
    private readonly KeyValuePair<string, Regex>[] _context;
    private readonly KeyValuePair<string, Regex>[] _metadata;
    private readonly KeyValuePair<string, Regex>[] _payload;

    /// <summary>Creates a filter; every argument is optional.</summary>
    /// <param name="publisherId">Expression for the publisher id.</param>
    /// <param name="eventType">Expression for the event type.</param>
    /// <param name="context">Expressions for context keys (<c>user_id</c>, <c>project_id</c> ...).</param>
    /// <param name="metadata">Expressions for <c>message_id</c> and <c>timestamp</c>.</param>
    /// <param name="payload">Expressions for top-level payload keys.</param>
    /// <exception cref="ArgumentException">An expression is not a valid regular expression.</exception>
    public NotificationFilter(string? publisherId = null, string? eventType = null,
        IReadOnlyDictionary<string, string>? context = null, IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyDictionary<string, string>? payload = null)
    {
        _publisherId = Compile(publisherId);
        _eventType = Compile(eventType);
        _context = CompileAll(context);
        _metadata = CompileAll(metadata);
        _payload = CompileAll(payload);
    }

    /// <summary>True when the notification passes the filter.</summary>
    /// <param name="context">The received context.</param>
    /// <param name="publisherId">The publisher id, or null.</param>
    /// <param name="eventType">The event type, or null.</param>
    /// <param name="metadata">The metadata.</param>
    /// <param name="payload">The payload as received.</param>
    public bool Matches(RequestContext context, string? publisherId, string? eventType, NotificationMetadata metadata, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(metadata);
        return Single(_publisherId, publisherId) && Single(_eventType, eventType)
            && All(_context, key => context.TryGetValue(key, out var v) ? v : null)
            && All(_metadata, key => key switch
            {
                "message_id" => metadata.MessageId is { } id ? JsonSerializer.SerializeToElement(id, PlainJson.Info<string>()) : (JsonElement?)null,
                "timestamp" => metadata.Timestamp is { } ts ? JsonSerializer.SerializeToElement(ts, PlainJson.Info<string>()) : (JsonElement?)null,
                _ => null,
            })
            && All(_payload, key => payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(key, out var v) ? v : null);
    }

    private static bool Single(Regex? regex, string? value) => regex is null || (value is not null && regex.IsMatch(value));

    private static bool All(KeyValuePair<string, Regex>[] expressions, Func<string, JsonElement?> lookup)
    {
        foreach (var (key, regex) in expressions)
        {
            if (lookup(key) is not { ValueKind: JsonValueKind.String } value || !regex.IsMatch(value.GetString()!))
            {
                return false;
            }
        }

        return true;
    }

    // \G anchors at the start like Python's re.match, without requiring the whole value to match.
    private static Regex? Compile(string? pattern) =>
        pattern is null ? null : new Regex(@"\G(?:" + pattern + ")", RegexOptions.CultureInvariant, MatchTimeout);

    private static KeyValuePair<string, Regex>[] CompileAll(IReadOnlyDictionary<string, string>? patterns) =>
        patterns is null ? [] : [.. patterns.Select(p => new KeyValuePair<string, Regex>(p.Key, Compile(p.Value)!))];
}
