namespace Oslo.Messaging.Configuration.Internal;

/// <summary>One <c>key = value</c> of an oslo config file, with the section it is in and the line it starts on.</summary>
internal readonly record struct IniAssignment(string Section, string Key, string Value, int Line);

/// <summary>
/// oslo.config's INI dialect (<c>oslo_config/iniparser.py</c>), line for line, because nova.conf-style files rely on
/// what it does differently from Microsoft.Extensions.Configuration.Ini: an indented line continues the previous value
/// (joined with a newline) until a blank line; <c>#</c> and <c>;</c> start a comment only at the start of a line (a
/// <c>#</c> after a value is part of the value); the first <c>=</c> or <c>:</c> splits key and value; one pair of
/// matching quotes around a value is removed; a repeated key is kept, not an error (multi-valued options); section
/// names other than <c>DEFAULT</c> are case-insensitive (oslo lower-cases them), <c>DEFAULT</c> is exact.
/// </summary>
internal static class OsloIniParser
{
    /// <summary>The section oslo.config reads ungrouped options from; only this exact spelling.</summary>
    public const string DefaultSection = "DEFAULT";

    /// <exception cref="InvalidDataException">A line oslo.config refuses too; the message names file and line.</exception>
    public static List<IniAssignment> Parse(string path, IEnumerable<string> lines)
    {
        var result = new List<IniAssignment>();
        string? section = null;
        string? key = null;
        var value = new List<string>();
        var keyLine = 0;
        var lineNumber = 0;

        void Flush()
        {
            if (key is null)
            {
                return;
            }

            if (section is null)
            {
                throw Error(path, keyLine, "Section must be started before assignment");
            }

            result.Add(new IniAssignment(section, key, string.Join('\n', value), keyLine));
            key = null;
            value.Clear();
        }

        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                Flush(); // a blank line ends a multi-line value
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (key is null)
                {
                    throw Error(path, lineNumber, "Unexpected continuation line", line);
                }

                value.Add(line.TrimStart());
                continue;
            }

            Flush();
            if (line[0] == '[')
            {
                section = SectionName(path, lineNumber, line);
            }
            else if (line[0] is not ('#' or ';'))
            {
                (key, var first) = SplitKeyValue(path, lineNumber, line);
                value.Add(first);
                keyLine = lineNumber;
            }
        }

        Flush();
        return result;
    }

    /// <summary>The section name as oslo looks it up: <c>DEFAULT</c> exactly, any other name lower-cased.</summary>
    public static string Normalize(string section) => section == DefaultSection ? section : section.ToLowerInvariant();

    private static string SectionName(string path, int lineNumber, string line)
    {
        if (line[^1] != ']')
        {
            throw Error(path, lineNumber, "Invalid section (must end with ])", line);
        }

        if (line.Length <= 2)
        {
            throw Error(path, lineNumber, "Empty section name", line);
        }

        return line[1..^1];
    }

    private static (string Key, string Value) SplitKeyValue(string path, int lineNumber, string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var equal = line.IndexOf('=', StringComparison.Ordinal);
        if (colon < 0 && equal < 0)
        {
            throw Error(path, lineNumber, "No ':' or '=' found in assignment", line);
        }

        var split = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
        var key = line[..split].Trim();
        var value = line[(split + 1)..].Trim();
        if (value.Length > 0 && value[0] == value[^1] && value[0] is '"' or '\'')
        {
            value = value.Length == 1 ? "" : value[1..^1];
        }

        return key.Length == 0 ? throw Error(path, lineNumber, "Key cannot be empty", line) : (key, value);
    }

    private static InvalidDataException Error(string path, int lineNumber, string reason, string? line = null) =>
        new($"oslo config file {path}, line {lineNumber}: {reason}" + (line is null ? "" : $": '{Secrets.Mask(line)}'"));
}
