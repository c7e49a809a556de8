using Microsoft.Extensions.Configuration;
using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Configuration.Internal;

/// <summary>
/// Finds oslo options in an <see cref="IConfiguration"/> the way oslo.config finds them in its files: the newest source
/// that has any of an option's names wins, the current name before a deprecated one; names in oslo config files are
/// case-sensitive. Converts the text with the option's type and reports a bad value with where it came from.
/// </summary>
internal sealed class OptionReader(IConfiguration configuration)
{
    private readonly IConfigurationProvider[] _providers = configuration is IConfigurationRoot root ? [.. root.Providers.Reverse()] : [];

    /// <summary>The oslo config file providers, for what they left out.</summary>
    public IEnumerable<OsloConfigurationProvider> OsloProviders => _providers.OfType<OsloConfigurationProvider>();

    /// <summary>The value of <paramref name="option"/>, or null when no source gives it.</summary>
    public OptionValue? Find(OptionName option)
    {
        OptionValue? best = null;
        foreach (var (section, name) in option.All)
        {
            var found = FindOne(section, name);
            // Between the current and a deprecated name oslo takes the one from the later file; in the same file the current one.
            if (found is not null && (best is null || found.Rank > best.Rank))
            {
                best = found;
            }
        }

        return best;
    }

    /// <summary>Every value of a multi-valued option (<c>MultiStrOpt</c>) in file order, deprecated names first as oslo
    /// collects them; null when no source gives it.</summary>
    public IReadOnlyList<OptionValue>? FindAll(OptionName option)
    {
        var result = new List<OptionValue>();
        foreach (var (section, name) in option.All.Reverse())
        {
            if (FindOne(section, name) is not { } single)
            {
                continue;
            }

            var items = configuration.GetSection(section).GetSection(name).GetChildren()
                .Where(c => int.TryParse(c.Key, out _) && c.Value is not null)
                .OrderBy(c => int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture))
                .Select(c => single with { Text = c.Value!, Origin = OriginOf(c.Path) })
                .ToList();
            result.AddRange(items.Count > 0 ? items : [single]);
        }

        return result.Count > 0 ? result : null;
    }

    /// <summary>Converts <paramref name="value"/>, turning a refusal into an error that names the option and its source.</summary>
    /// <exception cref="TransportConfigurationException">The value is refused; a secret value is not shown.</exception>
    public static T Convert<T>(OptionValue value, Func<string, T> convert, bool secret = false)
    {
        try
        {
            return convert(value.Text);
        }
        catch (FormatException ex)
        {
            var shown = secret ? "(secret, not shown)" : $"'{Secrets.Mask(value.Text)}'";
            throw new TransportConfigurationException($"Invalid value {shown} for {value.Where}: {ex.Message}");
        }
    }

    private OptionValue? FindOne(string section, string name)
    {
        var key = section + ConfigurationPath.KeyDelimiter + name;
        if (_providers.Length == 0)
        {
            return configuration[key] is { } text ? new OptionValue(text, section, name, configuration.GetType().Name, null, 0) : null;
        }

        for (var i = 0; i < _providers.Length; i++)
        {
            var provider = _providers[i];
            var rank = (_providers.Length - i) * 100_000;
            if (!provider.TryGet(key, out var text) || text is null)
            {
                continue;
            }

            if (provider is OsloConfigurationProvider oslo && oslo.TryGetOrigin(key, out var origin))
            {
                if (origin.Option != name)
                {
                    continue; // another spelling: not this option for oslo, whose names are case-sensitive
                }

                return new OptionValue(text, section, name, oslo.ToString(), origin, rank + origin.FileIndex);
            }

            return new OptionValue(text, section, name, provider.ToString() ?? provider.GetType().Name, null, rank);
        }

        return null;
    }

    private ValueOrigin? OriginOf(string key)
    {
        foreach (var provider in _providers)
        {
            if (provider.TryGet(key, out _))
            {
                return provider is OsloConfigurationProvider oslo && oslo.TryGetOrigin(key, out var origin) ? origin : null;
            }
        }

        return null;
    }
}
