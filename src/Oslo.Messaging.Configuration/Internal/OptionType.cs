using System.Globalization;

namespace Oslo.Messaging.Configuration.Internal;

/// <summary>oslo.config's option types (<c>oslo_config/types.py</c>): how a text from a file becomes a value, and what
/// it refuses. A refusal is a reason text; the caller adds which option, section and file.</summary>
internal static class OptionType
{
    /// <summary><c>IntOpt</c>: an integer, surrounding blanks allowed; empty = not set (oslo's None).</summary>
    public static int? Int(string text, int? min = null)
    {
        var s = text.Trim();
        if (s.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException("expected an integer");
        }

        return value < min ? throw new FormatException($"should be greater than or equal to {min}") : value;
    }

    /// <summary><c>FloatOpt</c>: a decimal number; empty = not set.</summary>
    public static double? Float(string text, double? min = null, double? max = null)
    {
        var s = text.Trim();
        if (s.Length == 0)
        {
            return null;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new FormatException("expected a number");
        }

        return value < min ? throw new FormatException($"should be greater than or equal to {Format(min.Value)}")
            : value > max ? throw new FormatException($"should be less than or equal to {Format(max.Value)}")
            : value;
    }

    /// <summary><c>BoolOpt</c>: true/1/on/yes or false/0/off/no, any case.</summary>
    public static bool Bool(string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" or "on" or "yes" => true,
        "false" or "0" or "off" or "no" => false,
        _ => throw new FormatException("expected a boolean (true/false, yes/no, on/off, 1/0)"),
    };

    /// <summary><c>StrOpt</c> with <c>choices</c>: one of them, case-sensitive as in oslo.</summary>
    public static string Choice(string text, params string[] choices) => choices.Contains(text, StringComparer.Ordinal)
        ? text
        : throw new FormatException($"valid values are {string.Join(", ", choices)}");

    /// <summary><c>ListOpt</c> of strings: comma-separated, items trimmed, a trailing comma ignored, empty = no items.</summary>
    public static IReadOnlyList<string> List(string text)
    {
        var s = text.Trim().TrimEnd(',');
        return s.Length == 0 ? [] : [.. s.Split(',').Select(item => item.Trim())];
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
