using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
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

    /// <summary>The TLS settings for one broker host; a disabled option when <c>ssl</c> is off. The broker's certificate
    /// is judged by <see cref="BrokerCertificatePolicy"/> (system CAs, or <c>ssl_ca_file</c> and the host name).</summary>
    /// <exception cref="TransportConfigurationException">A certificate file is missing or unreadable.</exception>
    public static SslOption Create(RabbitSettings settings, string hostname, ILogger logger) =>
        settings.Ssl ? CreateEnabled(settings, hostname, logger) : new SslOption { Enabled = false };

    // A method of its own, so that a plain connection never loads System.Security.Cryptography (compiling a method that
    // names X509 types loads it: ~1 MB of resident set for nothing; bench/README.md, "Peak working set per round").
    [SuppressMessage("Security", "CA5359:Do not disable certificate validation", Justification =
        "The callback returns true only for an accepted certificate (or under the explicit, logged opt-out); a rejected " +
        "one throws, so that the connection error says why instead of .NET's generic 'rejected by the callback'.")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SslOption CreateEnabled(RabbitSettings settings, string hostname, ILogger logger)
    {
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

        var authorities = settings.SslCaFile is { } caFile ? LoadCertificates("ssl_ca_file", caFile) : null;
        var policy = new BrokerCertificatePolicy(
            hostname, settings.SslCaFile, authorities, settings.SslEnforceHostnameVerification, settings.SslInsecureAcceptAnyCertificate, logger);
        option.CertificateValidationCallback = policy.Validate;
        return option;
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
