namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>
/// The newest oslo.messaging (18.1.0), a source tree that runs on Debian's python and dependencies when put first on
/// PYTHONPATH: <c>OSLO_TEST_OSLO18_PATH</c>, set by scripts/test.sh when it finds <c>shared/oslo.messaging-18.1.0</c>
/// next to the repository (or a parent of it). Not installable from Debian, so tests that need it are skipped without it.
/// </summary>
internal static class NewestOslo
{
    private const string Variable = "OSLO_TEST_OSLO18_PATH";

    /// <summary>Why 18.1.0 cannot be run (the skip message), or null when it can.</summary>
    public static string? MissingReason => Environment.GetEnvironmentVariable(Variable) switch
    {
        null or "" => $"{Variable} is not set: no oslo.messaging 18.1.0 tree on this machine (scripts/test.sh looks for shared/oslo.messaging-18.1.0 " +
                      "next to the repository or a parent folder; elsewhere a virtual environment with `pip install \"oslo.messaging==18.*\"` works too).",
        var path when !File.Exists(System.IO.Path.Combine(path, "oslo_messaging", "__init__.py")) =>
            $"{Variable}={path} has no oslo_messaging/__init__.py.",
        _ => null,
    };

    /// <summary>The folder to put first on PYTHONPATH (it holds <c>oslo_messaging/</c>).</summary>
    public static string Path => MissingReason is null
        ? System.IO.Path.GetFullPath(Environment.GetEnvironmentVariable(Variable)!)
        : throw new InvalidOperationException(MissingReason);
}
