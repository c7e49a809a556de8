using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Internal;

namespace Oslo.Messaging.RabbitMq.Tests.Internal;

public sealed class TlsSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("oslo-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Create_SslOff_IsDisabled()
    {
        Assert.False(TlsSettings.Create(RabbitSettings.Defaults, "broker").Enabled);
    }

    [Fact]
    public void Create_SslWithoutCa_AcceptsAnyServerCertificateLikeOslo()
    {
        var option = TlsSettings.Create(RabbitSettings.Defaults with { Ssl = true, SslVersion = "TLSv1_2" }, "broker");

        Assert.True(option.Enabled);
        Assert.Equal("broker", option.ServerName);
        Assert.Equal(SslProtocols.Tls12, option.Version);
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch, option.AcceptablePolicyErrors);
        Assert.Null(option.CertificateValidationCallback);
    }

    [Fact]
    public void Create_SslWithCa_VerifiesAgainstTheCa()
    {
        using var ca = CreateCertificate("CN=oslo-test-ca", issuer: null);
        using var server = CreateCertificate("CN=broker", ca);
        using var stranger = CreateCertificate("CN=broker", issuer: null);
        var caFile = Write("ca.pem", ca.ExportCertificatePem());
        var option = TlsSettings.Create(RabbitSettings.Defaults with { Ssl = true, SslCaFile = caFile }, "broker");
        var validate = option.CertificateValidationCallback!;

        Assert.True(validate(this, server, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(validate(this, server, null, SslPolicyErrors.RemoteCertificateNameMismatch)); // names not enforced by default
        Assert.False(validate(this, stranger, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(validate(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void Create_SslWithCaAndHostnameCheck_RefusesAWrongName()
    {
        using var ca = CreateCertificate("CN=oslo-test-ca", issuer: null);
        using var server = CreateCertificate("CN=other", ca);
        var caFile = Write("ca.pem", ca.ExportCertificatePem());
        var option = TlsSettings.Create(RabbitSettings.Defaults with { Ssl = true, SslCaFile = caFile, SslEnforceHostnameVerification = true }, "broker");

        Assert.False(option.CertificateValidationCallback!(this, server, null, SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    [Fact]
    public void Create_ClientCertificateAndKey_AreLoadedFromPem()
    {
        using var client = CreateCertificate("CN=nova", issuer: null);
        var certFile = Write("client.pem", client.ExportCertificatePem());
        var keyFile = Write("client.key", client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var option = TlsSettings.Create(RabbitSettings.Defaults with { Ssl = true, SslCertFile = certFile, SslKeyFile = keyFile }, "broker");

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
            ? RabbitSettings.Defaults with { Ssl = true, SslCaFile = missing }
            : RabbitSettings.Defaults with { Ssl = true, SslCertFile = missing };

        var error = Assert.Throws<TransportConfigurationException>(() => TlsSettings.Create(settings, "broker"));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static X509Certificate2 CreateCertificate(string subject, X509Certificate2? issuer)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
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
