namespace Oslo.Messaging.Cli.Tests;

/// <summary>The README quotes samples/QuickStart/Program.cs verbatim; this keeps the two in sync.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void QuickStart_Readme_QuotesSampleVerbatim()
    {
        var root = RepositoryRoot();
        var sample = Normalize(File.ReadAllText(Path.Combine(root, "samples", "QuickStart", "Program.cs")));
        var readme = Normalize(File.ReadAllText(Path.Combine(root, "README.md")));

        Assert.Contains("```csharp\n" + sample + "```\n", readme, StringComparison.Ordinal);
        Assert.Contains("`samples/QuickStart/Program.cs`", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void QuickStart_Sample_IsAtMostTwentyLines()
    {
        var sample = File.ReadAllLines(Path.Combine(RepositoryRoot(), "samples", "QuickStart", "Program.cs"));

        Assert.InRange(sample.Length, 1, 20);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Oslo.Messaging.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Oslo.Messaging.slnx above {AppContext.BaseDirectory}");
    }
}
