using System.Diagnostics;
using Oslo.Messaging.RabbitMq.Tests.Support;

namespace Oslo.Messaging.RabbitMq.Tests.Footprint;

/// <summary>A plain (no TLS, uncompressed) <c>rabbit://</c> connection and a call to a reflected endpoint load no TLS,
/// crypto, zlib or expression-tree code (bench/results/NOTES.md, "Peak working set": ~8 MB of the resident set were
/// libcrypto, System.Linq.Expressions, System.Security.Cryptography, libssl and System.IO.Compression). Message ids
/// read /dev/urandom on Linux, reflected invokers are DynamicMethods, and TLS and zlib types are named only in methods
/// of their own; nothing else fails when one of these regresses.</summary>
[Trait("Category", "Integration")]
public sealed class PlainConnectionFootprintTests
{
    // Not System.Net.Security: RabbitMQ.Client's ConnectionFactory constructor loads it (its SslOption sets a
    // RemoteCertificateValidationCallback), raw RabbitMQ.Client alike; that managed assembly alone starts no OpenSSL,
    // which the native libraries below show.
    private static readonly string[] _forbiddenAssemblies =
    [
        "System.Security.Cryptography",
        "System.IO.Compression",
        "System.Linq.Expressions",
    ];

    // File names: libssl.so.3, libcrypto.so.3, libSystem.Security.Cryptography.Native.OpenSsl.so,
    // libSystem.IO.Compression.Native.so (zlib), libz.so.1.
    private static readonly string[] _forbiddenNativeLibraries = ["libssl", "libcrypto", "System.Security.Cryptography.Native", "System.IO.Compression.Native", "libz."];

    [BrokerFact]
    public async Task PlainConnectionAndReflectedCall_LoadNoTlsCryptoZlibOrExpressionCode()
    {
        var output = await RunProbeAsync();
        var assemblies = Values(output, "assembly: ");
        var native = Values(output, "native: ").Select(Path.GetFileName).ToArray();

        // The probe did what it says: answered over RabbitMQ, and both lists were read.
        Assert.Contains("answered: plain", output);
        Assert.Contains("Oslo.Messaging.RabbitMq", assemblies);
        if (OperatingSystem.IsLinux())
        {
            Assert.Contains(native, n => n!.StartsWith("libcoreclr", StringComparison.Ordinal));
        }

        var loaded = assemblies.Where(a => _forbiddenAssemblies.Contains(a, StringComparer.Ordinal))
            .Concat(native.Where(n => _forbiddenNativeLibraries.Any(f => n!.Contains(f, StringComparison.Ordinal))).Select(n => n!)).ToArray();
        Assert.True(loaded.Length == 0, "a plain connection loaded " + string.Join(", ", loaded));
    }

    private static string[] Values(string[] lines, string prefix) =>
        [.. lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..])];

    /// <summary>This test assembly run as a program (<see cref="Program"/>), with the test broker's environment.</summary>
    private static async Task<string[]> RunProbeAsync()
    {
        var self = typeof(PlainConnectionProbe).Assembly.Location;
        var apphost = Path.Combine(AppContext.BaseDirectory, Path.GetFileNameWithoutExtension(self) + (OperatingSystem.IsWindows() ? ".exe" : ""));
        var start = File.Exists(apphost)
            ? new ProcessStartInfo(apphost)
            : new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { ArgumentList = { "exec", self } };
        start.ArgumentList.Add(PlainConnectionProbe.Command);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the probe did not end in 60 s; its output: {await stdout}{await stderr}");
        }

        var text = await stdout;
        Assert.True(process.ExitCode == 0, $"the probe exited with {process.ExitCode}: {text}{await stderr}");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
