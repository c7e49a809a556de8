using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// Decides whether the TLS certificate a broker host presents is accepted, as the newest oslo does (docs/rabbitmq.md, "TLS"):
/// without <c>ssl_ca_file</c> the chain must lead to a CA the system trusts and the host name is not checked; with it the
/// chain must lead to a CA of that file (and only of that file), and the name must match the host when
/// <c>ssl_enforce_hostname_verification</c> is on. A rejection throws <see cref="BrokerCertificateRejectedException"/>
/// whose message says why, so the connection error names the reason instead of .NET's generic "rejected by the callback".
/// </summary>
internal sealed class BrokerCertificatePolicy
{
    private readonly string _host;
    private readonly string? _caFile;
    private readonly X509Certificate2Collection? _authorities;
    private readonly bool _checkName;
    private readonly bool _acceptAny;
    private readonly ILogger _logger;

    /// <param name="host">The host name the connection goes to (also the SNI name and the name that is checked).</param>
    /// <param name="caFile">The <c>ssl_ca_file</c> path, for messages; null = the system's trusted CAs.</param>
    /// <param name="authorities">The certificates of <paramref name="caFile"/>.</param>
    /// <param name="checkName">Check the host name (only with a CA file, as oslo).</param>
    /// <param name="acceptAny">The explicit insecure opt-out: accept anything, with a warning per connection.</param>
    /// <param name="logger">Where the opt-out's warnings go.</param>
    public BrokerCertificatePolicy(string host, string? caFile, X509Certificate2Collection? authorities, bool checkName, bool acceptAny, ILogger logger)
    {
        _host = host;
        _caFile = caFile;
        _authorities = authorities;
        _checkName = checkName && authorities is not null;
        _acceptAny = acceptAny;
        _logger = logger;
    }

    /// <summary>The <see cref="RemoteCertificateValidationCallback"/>: true, or a throw with the reason.</summary>
    /// <exception cref="BrokerCertificateRejectedException">The certificate is not accepted; the message says why.</exception>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var problem = Problem(certificate, chain, errors);
        if (problem is null)
        {
            return true;
        }

        if (_acceptAny)
        {
            RabbitMqLog.CertificateNotVerified(_logger, _host, problem);
            return true;
        }

        throw new BrokerCertificateRejectedException(problem);
    }

    /// <summary>Why the certificate is not accepted, or null when it is.</summary>
    public string? Problem(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return $"TLS: RabbitMQ host '{_host}' presented no certificate";
        }

        using var leaf = new X509Certificate2(certificate);
        var untrusted = _authorities is null
            ? errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) ? Describe(chain?.ChainStatus) : null
            : CheckAgainstCaFile(leaf, chain);
        if (untrusted is not null)
        {
            return $"TLS: the certificate of RabbitMQ host '{_host}' ({leaf.Subject}, issued by {leaf.Issuer}) is not trusted " +
                   $"(chain untrusted: {untrusted}). " + (_caFile is null
                       ? "It was checked against the system's trusted CAs because ssl_ca_file is not set; set ssl_ca_file to the CA that signed it"
                       : $"It was checked against the CAs of ssl_ca_file '{_caFile}' only");
        }

        if (_checkName && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"TLS: the certificate of RabbitMQ host '{_host}' is for {Names(leaf)}, not for '{_host}' (host name mismatch; " +
                   "ssl_enforce_hostname_verification is on). Connect by a name the certificate lists, or give the broker a certificate for this name";
        }

        return null;
    }

    private string? CheckAgainstCaFile(X509Certificate2 leaf, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        // Intermediates the broker sent help build the chain; they are not trusted by being here (CustomRootTrust).
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf) ? null : Describe(chain.ChainStatus);
    }

    private static string Describe(X509ChainStatus[]? statuses)
    {
        var parts = (statuses ?? [])
            .Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => string.IsNullOrWhiteSpace(s.StatusInformation) ? $"{s.Status}" : $"{s.Status}: {s.StatusInformation.Trim()}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return parts.Count > 0 ? string.Join("; ", parts) : "the chain could not be built";
    }

    private static string Names(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            names.AddRange(extension.EnumerateDnsNames().Select(n => $"DNS:{n}"));
            names.AddRange(extension.EnumerateIPAddresses().Select(a => $"IP:{a}"));
        }

        return names.Count > 0 ? string.Join(", ", names) : $"'{certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}' (no subject alternative names)";
    }
}
