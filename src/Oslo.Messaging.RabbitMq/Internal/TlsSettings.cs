using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Oslo.Messaging.Exceptions;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>Builds RabbitMQ.Client's <see cref="SslOption"/> from oslo's <c>ssl_*</c> options (PEM files, as oslo).</summary>
internal static class TlsSettings
{
    /// <summary>Maps <c>ssl_version</c>; null or empty (and <c>SSLv23</c>, Python's "negotiate") = the system default.</summary>
    public static SslProtocols ParseProtocol(string? version) => version?.Trim().ToUpperInvariant() switch
    {
        null or "" or "SSLV23" or "TLS" => SslProtocols.None,
        "TLSV1_2" or "TLSV1.2" => SslProtocols.Tls12,
        "TLSV1_3" or "TLSV1.3" => SslProtocols.Tls13,
        "TLSV1" or "TLSV1_1" or "TLSV1.1" or "SSLV3" or "SSLV2" => throw OptionValues.Invalid("ssl_version", version,
            "this protocol is obsolete and disabled in .NET; use TLSv1_2, TLSv1_3 or leave it empty for the system default"),
        _ => throw OptionValues.Invalid("ssl_version", version, "expected TLSv1_2, TLSv1_3, SSLv23 or empty"),
    };

    /// <summary>The TLS settings for one broker host; a disabled option when <c>ssl</c> is off.</summary>
    /// <exception cref="TransportConfigurationException">A certificate file is missing or unreadable.</exception>
    public static SslOption Create(RabbitSettings settings, string hostname)
    {
        if (!settings.Ssl)
        {
            return new SslOption { Enabled = false };
        }

        var option = new SslOption
        {
            Enabled = true,
            ServerName = hostname,
            Version = ParseProtocol(settings.SslVersion),
        };
        if (settings.SslCertFile is { } certFile)
        {
            option.Certs = new X509CertificateCollection { LoadClientCertificate(certFile, settings.SslKeyFile) };
        }

        if (settings.SslCaFile is { } caFile)
        {
            var authorities = LoadCertificates("ssl_ca_file", caFile);
            var checkName = settings.SslEnforceHostnameVerification;
            option.CertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateAgainst(authorities, certificate, errors, checkName);
        }
        else
        {
            // oslo (py-amqp) verifies nothing without ssl_ca_file; a cloud configured that way must keep working.
            option.AcceptablePolicyErrors = SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch;
        }

        return option;
    }

    private static bool ValidateAgainst(X509Certificate2Collection authorities, X509Certificate? certificate, SslPolicyErrors errors, bool checkName)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        if (checkName && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static X509Certificate2 LoadClientCertificate(string certFile, string? keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new TransportConfigurationException(
                $"Could not load the TLS client certificate from ssl_cert_file '{certFile}'{(keyFile is null ? "" : $" and ssl_key_file '{keyFile}'")}: {ex.Message}", ex);
        }
    }

    private static X509Certificate2Collection LoadCertificates(string option, string file)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(file);
            return collection.Count > 0
                ? collection
                : throw new TransportConfigurationException($"RabbitMQ option {option}: '{file}' holds no PEM certificate");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new TransportConfigurationException($"RabbitMQ option {option}: could not read '{file}': {ex.Message}", ex);
        }
    }
}
