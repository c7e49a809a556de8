using System.Text.Json;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>The context keys a notification carries (oslo 14.0.3's list): identities, names, roles and request ids,
/// never a token or a password. Newer oslo (14.7+) sends even less; listeners treat every context key as optional.</summary>
internal static class ContextWhitelist
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "user_id", "project_id", "domain_id", "user_domain_id", "project_domain_id", "is_admin", "request_id", "roles",
        "user_name", "project_name", "domain_name", "user_domain_name", "project_domain_name", "service_user_id",
        "service_user_domain_id", "service_user_domain_name", "service_project_id", "service_project_name",
        "service_project_domain_id", "service_project_domain_name", "service_roles", "global_request_id",
        "system_scope", "user", "domain", "user_domain", "project_domain",
    };

    public static KeyValuePair<string, JsonElement>[] Filter(IEnumerable<KeyValuePair<string, JsonElement>> context) =>
        [.. context.Where(pair => Keys.Contains(pair.Key))];
}
