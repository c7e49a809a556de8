using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>
/// What the interop tests need from the machine, set by <c>scripts/test.sh</c>: the broker URL (<c>OSLO_TEST_RABBIT_URL</c>),
/// Debian's python with oslo.messaging 14.0.3 (<c>OSLO_TEST_PYTHON</c>) and the helper scripts (<c>OSLO_TEST_INTEROP_DIR</c>,
/// else tests/interop/python found above the test assembly). A missing piece fails the test with the fix; nothing is skipped.
/// </summary>
internal static class InteropEnvironment
{
    private const string UrlVariable = "OSLO_TEST_RABBIT_URL";
    private const string PythonVariable = "OSLO_TEST_PYTHON";
    private const string ScriptsVariable = "OSLO_TEST_INTEROP_DIR";
    private const string Fix = "Run `bash scripts/test.sh` (installs rabbitmq-server and python3-oslo.messaging, starts a private broker, sets "
        + UrlVariable + ", " + PythonVariable + " and " + ScriptsVariable + "), or start `bash scripts/rabbitmq.sh start` and export "
        + UrlVariable + "=rabbit://guest:guest@127.0.0.1:5699/ " + PythonVariable + "=/usr/bin/python3 " + ScriptsVariable + "=$PWD/tests/interop/python.";

    /// <summary>The broker URL, ending in '/'.</summary>
    public static string RabbitUrl => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url
        ? url.TrimEnd('/') + "/"
        : throw new InvalidOperationException($"{UrlVariable} is not set: the interop tests need a RabbitMQ broker. {Fix}");

    /// <summary>The python interpreter that has oslo.messaging.</summary>
    public static string Python => Environment.GetEnvironmentVariable(PythonVariable) is { Length: > 0 } python
        ? File.Exists(python) ? python : throw new InvalidOperationException($"{PythonVariable}={python} does not exist. {Fix}")
        : throw new InvalidOperationException($"{PythonVariable} is not set: the interop tests run the real Python oslo.messaging. {Fix}");

    /// <summary>The folder with oslo_server.py and oslo_client.py.</summary>
    public static string ScriptsDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable(ScriptsVariable) is { Length: > 0 } configured)
            {
                return File.Exists(Path.Combine(configured, "oslo_server.py"))
                    ? configured
                    : throw new InvalidOperationException($"{ScriptsVariable}={configured} has no oslo_server.py. {Fix}");
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "interop", "python");
                if (File.Exists(Path.Combine(candidate, "oslo_server.py")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException($"{ScriptsVariable} is not set and tests/interop/python was not found above {AppContext.BaseDirectory}. {Fix}");
        }
    }

    /// <summary>A topic (or other name) no other test uses.</summary>
    public static string Unique(string prefix) => $"interop_{prefix}_{Guid.NewGuid():N}";

    /// <summary>A transport on the test broker with the RabbitMQ driver; <paramref name="configure"/> edits its options (allow-list).</summary>
    public static Task<Transport> CreateTransportAsync(Action<TransportOptions>? configure = null)
    {
        var options = new TransportOptions();
        options.UseRabbitMq();
        configure?.Invoke(options);
        return Transport.CreateAsync(RabbitUrl, options);
    }
}
