using System.Text;
using Microsoft.Extensions.Configuration;
using Oslo.Messaging.Configuration.Internal;

namespace Oslo.Messaging.Configuration;

/// <summary>
/// Reads a set of oslo config files into configuration keys <c>&lt;section&gt;:&lt;option&gt;</c>, with oslo.config's
/// rules: multi-line values (indented continuation lines, joined with a newline), <c>#</c>/<c>;</c> comments at the start
/// of a line only, one pair of quotes around a value removed, section names other than <c>DEFAULT</c> lower-cased (a
/// <c>[default]</c> section is not <c>[DEFAULT]</c> for oslo, so it is left out here).
/// </summary>
/// <remarks>
/// <para>Single-valued options: <c>section:option</c> is the value oslo uses, the last one given in the last file that
/// has the option.</para>
/// <para>Multi-valued options (oslo's <c>MultiStrOpt</c>, e.g. <c>[oslo_messaging_notifications] driver</c> given on
/// several lines): when an option is given more than once across the set, its values in file order are also
/// <c>section:option:0</c>, <c>section:option:1</c>, ... (a configuration array), as oslo collects them.</para>
/// <para>Option names are case-sensitive in oslo while configuration keys are not: when two spellings of a name are
/// given in one section, the lower-case one is kept.</para>
/// <para>Files are read once, when the configuration is built; changes to them are not watched.</para>
/// </remarks>
public sealed class OsloConfigurationProvider : ConfigurationProvider
{
    private readonly IReadOnlyList<OsloConfigFile> _files;
    private Dictionary<string, ValueOrigin> _origins = new(StringComparer.OrdinalIgnoreCase);
    private List<string> _ignoredSections = [];

    /// <summary>A provider for <paramref name="files"/>, read in order (the last wins).</summary>
    /// <param name="files">The files of the set.</param>
    public OsloConfigurationProvider(IReadOnlyList<OsloConfigFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files;
    }

    /// <summary>Sections left out because oslo does not read them: <c>[default]</c> in another spelling than <c>DEFAULT</c>
    /// ("file: [name]" each).</summary>
    internal IReadOnlyList<string> IgnoredSections => _ignoredSections;

    /// <summary>Reads the files.</summary>
    /// <exception cref="FileNotFoundException">A file that is not optional does not exist.</exception>
    /// <exception cref="InvalidDataException">A line oslo.config refuses too (the message names file and line).</exception>
    public override void Load()
    {
        var values = new Dictionary<(string Section, string Key), List<ValueOrigin>>();
        var ignored = new List<string>();
        for (var index = 0; index < _files.Count; index++)
        {
            var file = _files[index];
            if (!File.Exists(file.Path))
            {
                if (file.Optional)
                {
                    continue;
                }

                throw new FileNotFoundException($"oslo config file {file.Path} not found", file.Path);
            }

            foreach (var assignment in OsloIniParser.Parse(file.Path, File.ReadLines(file.Path, Encoding.UTF8)))
            {
                var section = OsloIniParser.Normalize(assignment.Section);
                if (section != OsloIniParser.DefaultSection && section.Equals(OsloIniParser.DefaultSection, StringComparison.OrdinalIgnoreCase))
                {
                    var name = $"{file.Path}: [{assignment.Section}]";
                    if (!ignored.Contains(name))
                    {
                        ignored.Add(name);
                    }

                    continue;
                }

                var key = (section, assignment.Key);
                if (!values.TryGetValue(key, out var list))
                {
                    values[key] = list = [];
                }

                list.Add(new ValueOrigin(assignment.Key, assignment.Value, file.Path, index, assignment.Line));
            }
        }

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var origins = new Dictionary<string, ValueOrigin>(StringComparer.OrdinalIgnoreCase);
        foreach (var ((section, option), list) in values)
        {
            var lower = option.ToLowerInvariant();
            if (!string.Equals(option, lower, StringComparison.Ordinal) && values.ContainsKey((section, lower)))
            {
                continue; // the same name in another case: oslo's names are lower-case, that spelling is the one kept
            }

            var key = section + ConfigurationPath.KeyDelimiter + option;
            data[key] = list[^1].Value;
            origins[key] = list[^1];
            if (list.Count > 1)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    var item = key + ConfigurationPath.KeyDelimiter + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    data[item] = list[i].Value;
                    origins[item] = list[i];
                }
            }
        }

        Data = data;
        _origins = origins;
        _ignoredSections = ignored;
    }

    /// <summary>Where the value of <paramref name="key"/> came from, for error messages.</summary>
    internal bool TryGetOrigin(string key, out ValueOrigin origin) => _origins.TryGetValue(key, out origin);

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name} ({string.Join(", ", _files.Select(f => f.Path))})";
}
