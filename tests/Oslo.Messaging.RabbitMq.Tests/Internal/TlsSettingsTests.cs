using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Internal;
using Oslo.Messaging.Testing;

namespace Oslo.Messaging.RabbitMq.Tests.Internal;

public sealed class TlsSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("oslo-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Create_SslOff_IsDisabled()
    {
        Assert.False(Create(new RabbitSettings()).Enabled);
    }

    [Fact]
    public void Create_SslWithoutCa_RefusesAChainTheSystemDoesNotTrust()
    {
        using var ca = CreateCertificate("CN=oslo-test-ca", issuer: null);
        using var server = CreateCertificate("CN=broker", ca);
        var option = Create(new RabbitSettings { Ssl = true, SslVersion = "TLSv1_2" });

        Assert.True(option.Enabled);
        Assert.Equal("broker", option.ServerName);
        Assert.Equal(SslProtocols.Tls12, option.Version);
        var error = Assert.Throws<BrokerCertificateRejectedException>(() =>
            option.CertificateValidationCallback!(this, server, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Contains("chain untrusted", error.Message, StringComparison.Ordinal);
        Assert.Contains("system's trusted CAs because ssl_ca_file is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SslWithoutCa_AcceptsASystemTrustedChainWhateverTheName()
    {
        using var server = CreateCertificate("CN=other", issuer: null);
        var option = Create(new RabbitSettings { Ssl = true });

        // As oslo: without ssl_ca_file there is no host name check, even with ssl_enforce_hostname_verification on.
        Assert.True(option.CertificateValidationCallback!(this, server, null, SslPolicyErrors.None));
        Assert.True(option.CertificateValidationCallback!(this, server, null, SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    [Fact]
    public void Create_SslWithCa_VerifiesTheChainAgainstTheCaOnly()
    {
        using var ca = CreateCertificate("CN=oslo-test-ca", issuer: null);
        using var server = CreateCertificate("CN=broker", ca);
        using var stranger = CreateCertificate("CN=broker", issuer: null);
        var caFile = Write("ca.pem", ca.ExportCertificatePem());
        var option = Create(new RabbitSettings { Ssl = true, SslCaFile = caFile });
        var validate = option.CertificateValidationCallback!;

        Assert.True(validate(this, server, null, SslPolicyErrors.RemoteCertificateChainErrors));
        var untrusted = Assert.Throws<BrokerCertificateRejectedException>(() => validate(this, stranger, null, SslPolicyErrors.None));
        Assert.Contains($"checked against the CAs of ssl_ca_file '{caFile}' only", untrusted.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<BrokerCertificateRejectedException>(() => validate(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
        Assert.Contains("presented no certificate", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SslWithCa_RefusesAWrongNameByDefault()
    {
        using var ca = CreateCertificate("CN=oslo-test-ca", issuer: null);
        using var server = CreateCertificate("CN=other", ca, "other.example");
        var caFile = Write("ca.pem", ca.ExportCertificatePem());
        var option = Create(new RabbitSettings { Ssl = true, SslCaFile = caFile });

        var error = Assert.Throws<BrokerCertificateRejectedException>(() =>
            option.CertificateValidationCallback!(this, server, null, SslPolicyErrors.RemoteCertificateNameMismatch));

        Assert.Contains("is for DNS:other.example, not for 'broker' (host name mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SslWithCaAndHostnameCheckOff_AcceptsAWrongName()
    {
        using var ca = CreateCertificate("CN=oslo-test-ca", issuer: null);
        using var server = CreateCertificate("CN=other", ca);
        var caFile = Write("ca.pem", ca.ExportCertificatePem());
        var option = Create(new RabbitSettings { Ssl = true, SslCaFile = caFile, SslEnforceHostnameVerification = false });

        Assert.True(option.CertificateValidationCallback!(this, server, null, SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    [Fact]
    public void Create_InsecureOptOut_AcceptsAnythingAndLogsWhatItIgnored()
    {
        using var stranger = CreateCertificate("CN=other", issuer: null);
        var log = new CapturingLoggerFactory();
        var option = TlsSettings.Create(new RabbitSettings { Ssl = true, SslInsecureAcceptAnyCertificate = true }, "broker", log.CreateLogger("tls"));

        Assert.True(option.CertificateValidationCallback!(this, stranger, null, SslPolicyErrors.RemoteCertificateChainErrors));

        var warning = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("WITHOUT verification", warning.Message, StringComparison.Ordinal);
        Assert.Contains("chain untrusted", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ClientCertificateAndKey_AreLoadedFromPem()
    {
        using var client = CreateCertificate("CN=nova", issuer: null);
        var certFile = Write("client.pem", client.ExportCertificatePem());
        var keyFile = Write("client.key", client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var option = Create(new RabbitSettings { Ssl = true, SslCertFile = certFile, SslKeyFile = keyFile });

        var loaded = Assert.Single(option.Certs!.Cast<X509Certificate2>());
        Assert.Equal("CN=nova", loaded.Subject);
        Assert.True(loaded.HasPrivateKey);
    }

    [Theory]
    [InlineData("ssl_ca_file")]
    [InlineData("ssl_cert_file")]
    public void Create_MissingFile_ThrowsConfigurationErrorNamingTheOption(string option)
    {
        var missing = Path.Combine(_folder, "missing.pem");
        var settings = option == "ssl_ca_file"
            ? new RabbitSettings { Ssl = true, SslCaFile = missing }
            : new RabbitSettings { Ssl = true, SslCertFile = missing };

        var error = Assert.Throws<TransportConfigurationException>(() => Create(settings));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    private static RabbitMQ.Client.SslOption Create(RabbitSettings settings) => TlsSettings.Create(settings, "broker", NullLogger.Instance);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static X509Certificate2 CreateCertificate(string subject, X509Certificate2? issuer, string? dnsName = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (dnsName is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(dnsName);
            request.CertificateExtensions.Add(names.Build());
        }

        var now = DateTimeOffset.UtcNow;
        if (issuer is null)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        }

        // The leaf's validity must sit inside the issuer's: take the issuer's own bounds, not a second clock reading.
        using var signed = request.Create(issuer, issuer.NotBefore.ToUniversalTime(), issuer.NotAfter.ToUniversalTime(), Guid.NewGuid().ToByteArray()[..8]);
        return signed.CopyWithPrivateKey(key);
    }
}
