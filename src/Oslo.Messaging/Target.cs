using System.Text;
using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging;

/// <summary>
/// Identifies where a message goes (client side) or what a server listens on (server side):
/// exchange, topic, server, namespace, version and fanout, exactly as oslo.messaging's <c>Target</c>.
/// </summary>
/// <remarks>
/// A value object: <see cref="With"/> makes a copy with overrides, as calling an oslo Target does; like oslo,
/// the copy does not carry <see cref="LegacyNamespaces"/>. All fields default to <see langword="null"/>.
/// </remarks>
public sealed record Target
{
    /// <summary>Creates a target; every field is optional here and validated where it is used.</summary>
    public Target(
        string? topic = null,
        string? server = null,
        string? @namespace = null,
        string? version = null,
        string? exchange = null,
        bool fanout = false,
        IReadOnlyList<string>? legacyNamespaces = null)
    {
        Topic = topic;
        Server = server;
        Namespace = @namespace;
        Version = version;
        Exchange = exchange;
        Fanout = fanout;
        LegacyNamespaces = legacyNamespaces ?? [];
    }

    /// <summary>The exchange; <see langword="null"/> means the transport's control exchange (default <c>openstack</c>).</summary>
    public string? Exchange { get; init; }

    /// <summary>The topic: required for servers and for sending.</summary>
    public string? Topic { get; init; }

    /// <summary>The server name: required for servers; on a client, directs a message to that one server.</summary>
    public string? Server { get; init; }

    /// <summary>The interface namespace; <see langword="null"/> is the "null namespace".</summary>
    public string? Namespace { get; init; }

    /// <summary>The version: on an endpoint the implemented "X.Y[.Z]" (null = "1.0"); on a client the minimum required.</summary>
    public string? Version { get; init; }

    /// <summary>On a client: broadcast casts to every server of the topic.</summary>
    public bool Fanout { get; init; }

    /// <summary>On an endpoint: extra namespaces accepted besides <see cref="Namespace"/> (rolling upgrades).</summary>
    public IReadOnlyList<string> LegacyNamespaces { get; init; }

    /// <summary>True when <paramref name="ns"/> is <see cref="Namespace"/> or one of <see cref="LegacyNamespaces"/>.</summary>
    internal bool AcceptsNamespace(string? ns)
    {
        if (string.Equals(ns, Namespace, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var legacy in LegacyNamespaces)
        {
            if (string.Equals(ns, legacy, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A copy with the given fields replaced (null keeps the current value); drops legacy namespaces, as oslo does.</summary>
    public Target With(
        string? exchange = null,
        string? topic = null,
        string? @namespace = null,
        string? version = null,
        string? server = null,
        bool? fanout = null) => new(
            topic ?? Topic,
            server ?? Server,
            @namespace ?? Namespace,
            version ?? Version,
            exchange ?? Exchange,
            fanout ?? Fanout);

    /// <summary>Throws <see cref="InvalidTargetException"/> unless this target can be used by an RPC server (a topic and
    /// a server name). <see cref="Rpc.RpcServer"/> checks it; transport drivers check it again in <c>ListenAsync</c>.</summary>
    public void ValidateForServer()
    {
        if (string.IsNullOrEmpty(Topic) || string.IsNullOrEmpty(Server))
        {
            throw new InvalidTargetException("A server's target must have topic and server names specified", this);
        }
    }

    /// <summary>Throws <see cref="InvalidTargetException"/> unless a message can be sent to this target.</summary>
    /// <param name="isCall">True for <c>call</c>, which cannot fan out.</param>
    internal void ValidateForSend(bool isCall)
    {
        if (string.IsNullOrEmpty(Topic))
        {
            throw new InvalidTargetException("A topic is required to send", this);
        }

        if (isCall && Fanout)
        {
            throw new InvalidTargetException("A call cannot be used with fanout", this);
        }
    }

    /// <summary>Equality compares every field, legacy namespaces by content.</summary>
    public bool Equals(Target? other) =>
        other is not null
        && Exchange == other.Exchange && Topic == other.Topic && Server == other.Server
        && Namespace == other.Namespace && Version == other.Version && Fanout == other.Fanout
        && LegacyNamespaces.SequenceEqual(other.LegacyNamespaces);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Exchange, Topic, Server, Namespace, Version, Fanout);

    /// <summary>oslo's repr: <c>&lt;Target topic=t, server=s&gt;</c> listing only the fields that are set and not empty
    /// (an empty target is <c>&lt;Target &gt;</c>, as in Python).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("<Target ");
        var first = true;
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                sb.Append(first ? "" : ", ").Append(name).Append('=').Append(value);
                first = false;
            }
        }

        Add("exchange", Exchange);
        Add("topic", Topic);
        Add("namespace", Namespace);
        Add("version", Version);
        Add("server", Server);
        Add("fanout", Fanout ? "True" : null);
        return sb.Append('>').ToString();
    }
}
