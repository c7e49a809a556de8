using Xunit.Abstractions;

namespace Oslo.Messaging.RabbitMq.Tests.Cluster;

/// <summary>Test output that also goes, as it happens, to the file named by <c>OSLO_TEST_CLUSTER_TRACE</c> (when set):
/// the cluster tests run for minutes, and a test that hangs shows nothing in xunit's output.</summary>
internal static class Trace
{
    private static readonly Lock _sync = new();

    public static void Line(ITestOutputHelper output, string text)
    {
        output.WriteLine(text);
        if (Environment.GetEnvironmentVariable("OSLO_TEST_CLUSTER_TRACE") is { Length: > 0 } path)
        {
            lock (_sync)
            {
                File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {text}{Environment.NewLine}");
            }
        }
    }
}
