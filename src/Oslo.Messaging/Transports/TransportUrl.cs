using System.Text;
using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Transports;

/// <summary>
/// A parsed transport URL, oslo's grammar (docs/wire-protocol.md, "Transport URL"):
/// <c>driver://[user[:pass]@]host[:port][,[user[:pass]@]host[:port]...]/[virtual_host][?key=value&amp;...]</c>.
/// </summary>
/// <remarks><see cref="ToString"/> masks every password, so a URL can be logged.</remarks>
public sealed class TransportUrl
{
    private TransportUrl(string scheme, IReadOnlyList<TransportHost> hosts, string? virtualHost, IReadOnlyDictionary<string, string> query)
    {
        Scheme = scheme;
        Hosts = hosts;
        VirtualHost = virtualHost;
        Query = query;
    }

    /// <summary>The full scheme, e.g. <c>memory</c>, or <c>driver+flavour</c> (the driver is the part before the <c>+</c>).</summary>
    public string Scheme { get; }

    /// <summary>The driver name: the part of the scheme before any <c>+</c>.</summary>
    public string Driver => Scheme.Split('+')[0];

    /// <summary>The hosts in URL order; empty when the URL names none (drivers apply their defaults).</summary>
    public IReadOnlyList<TransportHost> Hosts { get; }

    /// <summary>The percent-decoded virtual host; null when the URL has no path, "" for a bare "/".</summary>
    public string? VirtualHost { get; }

    /// <summary>The virtual host to use: <see cref="VirtualHost"/>, or the broker default "/" when null or empty.</summary>
    public string EffectiveVirtualHost => string.IsNullOrEmpty(VirtualHost) ? "/" : VirtualHost;

    /// <summary>Query options; repeated keys are joined with ",".</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>Parses a transport URL.</summary>
    /// <exception cref="InvalidTransportUrlException">No scheme, a bad port or bad IPv6 brackets.</exception>
    public static TransportUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new InvalidTransportUrlException($"No scheme specified in \"{Mask(url)}\"");
        }

        var scheme = url[..schemeEnd];
        var rest = url[(schemeEnd + 3)..];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart >= 0 ? rest[(queryStart + 1)..] : "";
        if (queryStart >= 0)
        {
            rest = rest[..queryStart];
        }

        var pathStart = rest.IndexOf('/', StringComparison.Ordinal);
        var netloc = pathStart >= 0 ? rest[..pathStart] : rest;
        string? virtualHost = pathStart >= 0 ? Uri.UnescapeDataString(rest[(pathStart + 1)..]) : null;

        if (url.IndexOf('@', schemeEnd + 3 + netloc.Length) >= 0
            && netloc.Split(',').Any(h => !h.Contains('@', StringComparison.Ordinal)))
        {
            // A '/' or '?' inside a password ends the host part early (as in Python's urlsplit): the password's tail
            // would become a port, virtual host or query option and be echoed in messages. Refuse it, echoing nothing.
            throw new InvalidTransportUrlException(
                $"Invalid transport URL \"{MaskCredentials(url, schemeEnd + 3)}\": an '@' after the host part means a user name or " +
                "password contains an unencoded '/' or '?' (or the virtual host or query an unencoded '@'); percent-encode them (%2F, %3F, %40)");
        }

        var hosts = new List<TransportHost>();
        if (netloc.Length > 0)
        {
            foreach (var part in netloc.Split(',', StringSplitOptions.RemoveEmptyEntries)) // oslo skips empty entries ("h1,,h2")
            {
                hosts.Add(ParseHost(part, url));
            }
        }

        return new TransportUrl(scheme, hosts, virtualHost, ParseQuery(query));
    }

    /// <summary>The URL with every password replaced by <c>****</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Scheme).Append("://");
        sb.AppendJoin(',', Hosts.Select(h => FormatHost(h, maskPassword: true)));
        if (VirtualHost is not null)
        {
            sb.Append('/').Append(Uri.EscapeDataString(VirtualHost));
        }

        if (Query.Count > 0)
        {
            sb.Append('?').AppendJoin('&', Query.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
        }

        return sb.ToString();
    }

    internal static string FormatHost(TransportHost host, bool maskPassword)
    {
        var sb = new StringBuilder();
        if (host.Username is not null)
        {
            sb.Append(Uri.EscapeDataString(host.Username));
            if (host.Password is not null)
            {
                sb.Append(':').Append(maskPassword ? "****" : Uri.EscapeDataString(host.Password));
            }

            sb.Append('@');
        }

        sb.Append(host.Hostname.Contains(':', StringComparison.Ordinal) ? $"[{host.Hostname}]" : host.Hostname);
        if (host.Port is int port)
        {
            sb.Append(':').Append(port);
        }

        return sb.ToString();
    }

    /// <summary>Masks the password of a URL that could not be parsed, for error messages and logs.</summary>
    internal static string Mask(string url)
    {
        var at = url.LastIndexOf('@');
        if (at < 0)
        {
            return url;
        }

        // Without a scheme ("user:pass@host") the credentials start the string: mask them too.
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var credentialsStart = start >= 0 && start < at ? start + 3 : 0;
        var colon = url.IndexOf(':', credentialsStart);
        return colon > 0 && colon < at ? url[..(colon + 1)] + "****" + url[at..] : url;
    }

    /// <summary>Everything between the scheme and the last '@' replaced by <c>****</c>.</summary>
    private static string MaskCredentials(string url, int credentialsStart) =>
        url[..credentialsStart] + "****" + url[url.LastIndexOf('@')..];

    private static TransportHost ParseHost(string part, string url)
    {
        string? username = null;
        string? password = null;
        var hostPart = part;
        var at = part.LastIndexOf('@');
        if (at >= 0)
        {
            var credentials = part[..at];
            hostPart = part[(at + 1)..];
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            username = Uri.UnescapeDataString(colon >= 0 ? credentials[..colon] : credentials);
            password = colon >= 0 ? Uri.UnescapeDataString(credentials[(colon + 1)..]) : null;
        }

        string hostname;
        string portText = "";
        if (hostPart.StartsWith('['))
        {
            var end = hostPart.IndexOf(']', StringComparison.Ordinal);
            if (end < 0)
            {
                throw new InvalidTransportUrlException($"Invalid IPv6 URL \"{Mask(url)}\"");
            }

            hostname = hostPart[1..end];
            var after = hostPart[(end + 1)..];
            var colon = after.IndexOf(':', StringComparison.Ordinal);
            portText = colon >= 0 ? after[(colon + 1)..] : "";
        }
        else
        {
            var colon = hostPart.IndexOf(':', StringComparison.Ordinal);
            hostname = colon >= 0 ? hostPart[..colon] : hostPart;
            portText = colon >= 0 ? hostPart[(colon + 1)..] : "";
        }

        int? port = null;
        if (portText.Length > 0)
        {
            if (!int.TryParse(portText, out var value) || value is < 0 or > 65535)
            {
                throw new InvalidTransportUrlException($"Invalid port '{portText}' in \"{Mask(url)}\"");
            }

            port = value;
        }

        return new TransportHost(hostname, port, username, password);
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Unescape(eq >= 0 ? pair[..eq] : pair);
            var value = eq >= 0 ? Unescape(pair[(eq + 1)..]) : "";
            if (value.Length == 0)
            {
                continue; // Python's parse_qsl drops blank values, and so does oslo.
            }

            result[key] = result.TryGetValue(key, out var existing) ? existing + "," + value : value;
        }

        return result;
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
