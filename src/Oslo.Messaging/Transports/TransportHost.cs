namespace Oslo.Messaging.Transports;

/// <summary>One broker host of a <see cref="TransportUrl"/>.</summary>
/// <param name="Hostname">Host name or address; IPv6 without brackets.</param>
/// <param name="Port">The port, or null when the URL gives none (the driver applies its default).</param>
/// <param name="Username">Percent-decoded user name, or null.</param>
/// <param name="Password">Percent-decoded password, or null. Never shown by <see cref="ToString"/>.</param>
public sealed record TransportHost(string Hostname, int? Port = null, string? Username = null, string? Password = null)
{
    /// <summary>The host as it appears in a URL, with the password masked: <c>user:****@host:port</c>.</summary>
    public override string ToString() => TransportUrl.FormatHost(this, maskPassword: true);
}
