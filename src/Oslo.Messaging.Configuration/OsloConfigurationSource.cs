using Microsoft.Extensions.Configuration;

namespace Oslo.Messaging.Configuration;

/// <summary>
/// One or more oslo config files read as one set, as oslo.config reads its <c>--config-file</c>s: a later file wins for a
/// single-valued option, and the values of a repeated (multi-valued) option are collected from every file in order.
/// Made by <see cref="OsloConfigurationExtensions.AddOsloConfigFile"/>.
/// </summary>
/// <remarks>Immutable: adding a file makes a new source (<see cref="WithFile"/>), so a
/// <see cref="ConfigurationManager"/>, which builds a provider as soon as a source is added, sees the change when the
/// source is replaced.</remarks>
public sealed class OsloConfigurationSource : IConfigurationSource
{
    private readonly OsloConfigFile[] _files;

    /// <summary>A set of one file.</summary>
    /// <param name="path">The file; relative paths are resolved against the current directory now, <c>~/</c> against the home directory.</param>
    /// <param name="optional">True: a missing file is skipped. False: a missing file fails <see cref="IConfigurationBuilder.Build"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or blank.</exception>
    public OsloConfigurationSource(string path, bool optional = false)
        : this([File(path, optional)])
    {
    }

    private OsloConfigurationSource(OsloConfigFile[] files) => _files = files;

    /// <summary>The files of the set, in the order they are read (the last wins).</summary>
    public IReadOnlyList<OsloConfigFile> Files => _files;

    /// <summary>This set with one more file at the end.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or blank.</exception>
    public OsloConfigurationSource WithFile(string path, bool optional = false) => new([.. _files, File(path, optional)]);

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new OsloConfigurationProvider(_files);

    private static OsloConfigFile File(string path, bool optional)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new OsloConfigFile(FullPath(path), optional);
    }

    private static string FullPath(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[1..]);
        }

        return Path.GetFullPath(path);
    }
}

/// <summary>One file of an <see cref="OsloConfigurationSource"/>.</summary>
/// <param name="Path">The absolute path.</param>
/// <param name="Optional">Whether a missing file is skipped rather than an error.</param>
public sealed record OsloConfigFile(string Path, bool Optional);
