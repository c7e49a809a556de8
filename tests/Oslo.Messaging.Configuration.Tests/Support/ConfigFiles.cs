using Microsoft.Extensions.Configuration;

namespace Oslo.Messaging.Configuration.Tests.Support;

/// <summary>Config files written to a temporary directory for one test, deleted on dispose.</summary>
internal sealed class ConfigFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("oslo-config-").FullName;

    /// <summary>Writes <paramref name="text"/> to a new file and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A configuration of <paramref name="paths"/>, added as oslo config files in order.</summary>
    public static IConfigurationRoot Build(params string[] paths)
    {
        var builder = new ConfigurationBuilder();
        foreach (var path in paths)
        {
            builder.AddOsloConfigFile(path);
        }

        return builder.Build();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
