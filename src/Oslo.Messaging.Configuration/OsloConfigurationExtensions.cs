using Microsoft.Extensions.Configuration;

namespace Oslo.Messaging.Configuration;

/// <summary>Adds oslo config files (nova.conf-style INI) to an <see cref="IConfigurationBuilder"/>.</summary>
public static class OsloConfigurationExtensions
{
    /// <summary>
    /// Adds an oslo config file, read with oslo.config's rules (see <see cref="OsloConfigurationProvider"/>). Keys are
    /// <c>&lt;section&gt;:&lt;option&gt;</c> as in the file: <c>DEFAULT:transport_url</c>,
    /// <c>oslo_messaging_rabbit:heartbeat_timeout_threshold</c>. Several calls in a row are one set of files, like
    /// several <c>--config-file</c>s: a later file wins, and the values of a repeated option are collected from all of
    /// them. A source added in between (environment variables, command line) starts a new set, and wins over the files
    /// added before it as usual.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="path">The file, e.g. <c>/etc/nova/nova.conf</c>; relative to the current directory.</param>
    /// <param name="optional">True: skip the file when it does not exist. Default false: a missing file is an error
    /// (<see cref="FileNotFoundException"/> from <see cref="IConfigurationBuilder.Build"/>), as oslo's <c>--config-file</c>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or blank.</exception>
    public static IConfigurationBuilder AddOsloConfigFile(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var sources = builder.Sources;
        if (sources.Count > 0 && sources[^1] is OsloConfigurationSource last)
        {
            // Replaced rather than changed: a ConfigurationManager rebuilds its providers when a source is replaced.
            sources[^1] = last.WithFile(path, optional);
            return builder;
        }

        return builder.Add(new OsloConfigurationSource(path, optional));
    }
}
