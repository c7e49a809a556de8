namespace Oslo.Messaging.Testing;

/// <summary>
/// The TLS listener of the private test broker, set up by <c>scripts/test.sh</c> (certificates from
/// <c>scripts/tls-certs.sh</c>, listener from <c>scripts/rabbitmq.sh</c> with <c>OSLO_RABBIT_TLS_PORT</c>):
/// <c>OSLO_TEST_RABBIT_TLS_URL</c> (<c>rabbit://guest:guest@localhost:PORT/</c>) and <c>OSLO_TEST_TLS_DIR</c> (the
/// certificates). The broker presents a certificate for <c>localhost</c> to clients that ask for that name, and one for
/// <c>wrong-host.invalid</c> to clients connecting to <c>127.0.0.1</c>.
/// </summary>
public static class TlsTestBroker
{
    private const string UrlVariable = "OSLO_TEST_RABBIT_TLS_URL";
    private const string DirVariable = "OSLO_TEST_TLS_DIR";

    /// <summary>The user the broker takes from the client certificate's common name (EXTERNAL login).</summary>
    public const string ClientUser = "oslo-tls-client";

    /// <summary>Why the TLS tests cannot run (the skip message), or null when they can.</summary>
    public static string? MissingReason
    {
        get
        {
            var url = Environment.GetEnvironmentVariable(UrlVariable);
            var dir = Environment.GetEnvironmentVariable(DirVariable);
            if (string.IsNullOrEmpty(url) || string.IsNullOrEmpty(dir))
            {
                return $"{UrlVariable} and {DirVariable} are not set: the TLS tests need the test broker's TLS listener. " +
                       "Run `bash scripts/test.sh`, which makes the certificates (scripts/tls-certs.sh) and starts the broker with it.";
            }

            var missing = new[] { "ca.pem", "other-ca.pem", "client.pem", "client.key" }.Where(f => !File.Exists(Path.Combine(dir, f))).ToList();
            return missing.Count > 0 ? $"{DirVariable}={dir} lacks {string.Join(", ", missing)}: run `bash scripts/tls-certs.sh {dir}`." : null;
        }
    }

    /// <summary>The TLS listener's URL for <paramref name="host"/> (default <c>localhost</c>, the right name), ending in '/', no query.</summary>
    public static string Url(string host = "localhost", string user = "guest", string password = "guest")
    {
        var url = new Uri(Required(UrlVariable));
        return $"rabbit://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@{host}:{url.Port}/";
    }

    /// <summary>The CA that signed the broker's and the client's certificates.</summary>
    public static string CaFile => PathOf("ca.pem");

    /// <summary>A CA that signed nothing the broker presents.</summary>
    public static string OtherCaFile => PathOf("other-ca.pem");

    /// <summary>The client certificate (common name <see cref="ClientUser"/>), signed by <see cref="CaFile"/>.</summary>
    public static string ClientCertFile => PathOf("client.pem");

    /// <summary>The key of <see cref="ClientCertFile"/>.</summary>
    public static string ClientKeyFile => PathOf("client.key");

    private static string PathOf(string name) => Path.Combine(Required(DirVariable), name);

    private static string Required(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(MissingReason);
}
