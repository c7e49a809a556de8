using System.Text;
using Oslo.Messaging.Configuration;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Transports;
using PublicApiGenerator;

namespace Oslo.Messaging.PublicApi.Tests;

/// <summary>
/// The public surface of each package, compared with the checked-in <c>api/&lt;Assembly&gt;.approved.txt</c>, so a
/// change to what users can see is a visible, reviewed diff rather than an accident.
/// </summary>
/// <remarks>
/// On a mismatch the test writes <c>api/&lt;Assembly&gt;.received.txt</c> (ignored by git) and fails with the changed
/// lines. If the change is intended, accept it: copy the received file over the approved one, or run
/// <c>OSLO_ACCEPT_API=1 dotnet test tests/Oslo.Messaging.PublicApi.Tests -c Release</c>, which rewrites the approved
/// files; then commit them with the change.
/// </remarks>
public sealed class PublicApiTests
{
    /// <summary>Set to 1 to rewrite the approved files from the current build instead of comparing.</summary>
    private const string AcceptVariable = "OSLO_ACCEPT_API";

    public static TheoryData<string> Packages => new() { "Oslo.Messaging", "Oslo.Messaging.RabbitMq", "Oslo.Messaging.Configuration" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicApi_MatchesApprovedFile(string package)
    {
        var assembly = package switch
        {
            "Oslo.Messaging" => typeof(Transport).Assembly,
            "Oslo.Messaging.Configuration" => typeof(OsloMessagingSettings).Assembly,
            _ => typeof(RabbitMqOptions).Assembly,
        };
        var received = Normalise(assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));
        var directory = Path.Combine(RepositoryRoot(), "api");
        var approvedPath = Path.Combine(directory, package + ".approved.txt");
        var receivedPath = Path.Combine(directory, package + ".received.txt");

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(approvedPath, received);
            File.Delete(receivedPath);
            return;
        }

        var approved = File.Exists(approvedPath) ? Normalise(File.ReadAllText(approvedPath)) : "";
        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail(
            $"The public API of {package} differs from {Relative(approvedPath)} (- approved only, + current only):\n" +
            Diff(approved, received) +
            $"\nThe current API is in {Relative(receivedPath)}. If the change is intended, copy it over the approved file " +
            $"or run `{AcceptVariable}=1 dotnet test tests/Oslo.Messaging.PublicApi.Tests -c Release`, and commit the approved file.");
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";

    /// <summary>The lines only one side has, in order: enough to see what changed without a diff tool.</summary>
    private static string Diff(string approved, string received)
    {
        var before = approved.Split('\n');
        var after = received.Split('\n');
        var removed = before.Except(after, StringComparer.Ordinal).Select(line => "- " + line);
        var added = after.Except(before, StringComparer.Ordinal).Select(line => "+ " + line);
        var lines = removed.Concat(added).ToList();
        var shown = lines.Take(60).ToList();
        var text = new StringBuilder().AppendJoin('\n', shown);
        if (lines.Count > shown.Count)
        {
            text.Append('\n').Append("... and ").Append(lines.Count - shown.Count).Append(" more changed lines");
        }

        return text.ToString();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Oslo.Messaging.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Oslo.Messaging.slnx above {AppContext.BaseDirectory}: run the test from the repository's build output.");
    }

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot(), path);
}
