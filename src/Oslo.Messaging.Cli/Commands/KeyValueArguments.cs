using System.Text.Json;

namespace Oslo.Messaging.Cli.Commands;

/// <summary>
/// Parses <c>key=json</c> words (method arguments and <c>--context</c> entries). The value is parsed as JSON
/// (<c>n=5</c> is a number, <c>flags=[1,2]</c> an array, <c>ok=true</c> a boolean, <c>x=null</c> null); a value that is
/// not valid JSON is taken as a plain string (<c>name=web-1</c>). To pass a string that looks like JSON, quote it:
/// <c>n='"5"'</c>.
/// </summary>
internal static class KeyValueArguments
{
    /// <summary>Parses the words into an ordered map.</summary>
    /// <exception cref="FormatException">A word has no '=' or an empty key, or a key appears twice.</exception>
    public static Dictionary<string, JsonElement> Parse(IEnumerable<string>? words)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var word in words ?? [])
        {
            var (key, value) = Split(word);
            if (!result.TryAdd(key, ParseValue(value)))
            {
                throw new FormatException($"'{key}' is given twice");
            }
        }
        return result;
    }

    /// <summary>The reason <paramref name="words"/> cannot be parsed, or null when they can (for parse-time validation).</summary>
    public static string? Validate(IEnumerable<string>? words)
    {
        try
        {
            Parse(words);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The value as JSON when it is valid JSON, else as a JSON string.</summary>
    public static JsonElement ParseValue(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(value, CliJson.Default.String);
        }
    }

    private static (string Key, string Value) Split(string word)
    {
        var eq = word.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0 && word.StartsWith('-'))
        {
            // System.CommandLine hands an unknown option to the argument list: say what it most likely is.
            throw new FormatException($"'{word}' is not an option of this command (nor key=value)");
        }
        if (eq < 0)
        {
            throw new FormatException($"'{word}' is not key=value (the value is JSON, or a plain string when it is not valid JSON)");
        }
        if (eq == 0)
        {
            throw new FormatException($"'{word}' has an empty key");
        }
        return (word[..eq], word[(eq + 1)..]);
    }
}
