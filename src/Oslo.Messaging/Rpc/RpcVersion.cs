using System.Globalization;

namespace Oslo.Messaging.Rpc;

/// <summary>oslo's "X.Y[.Z]" interface versions and <c>version_is_compatible</c>.</summary>
public static class RpcVersion
{
    /// <summary>The version a message or endpoint without one is taken to have.</summary>
    public const string Default = "1.0";

    /// <summary>
    /// oslo's <c>version_is_compatible(implemented, requested)</c>: same major, and minor (then revision)
    /// of <paramref name="implemented"/> at least those requested. A null implemented version accepts
    /// everything; a null requested version is never compatible.
    /// </summary>
    /// <exception cref="FormatException">A version lacks a minor part or a part is not an integer (oslo raises ValueError/IndexError).</exception>
    public static bool IsCompatible(string? implemented, string? requested)
    {
        if (implemented is null)
        {
            return true;
        }

        if (requested is null)
        {
            return false;
        }

        var have = Parse(implemented);
        var want = Parse(requested);
        if (have.Major != want.Major || want.Minor > have.Minor)
        {
            return false;
        }

        return !(want.Minor == have.Minor && want.Revision > have.Revision);
    }

    /// <summary>True if <paramref name="version"/> is "int.int[...]" as <c>prepare(version=...)</c> requires.</summary>
    public static bool IsWellFormed(string version)
    {
        var parts = version.Split('.');
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    private static (int Major, int Minor, int Revision) Parse(string version)
    {
        var span = version.AsSpan();
        Span<Range> parts = stackalloc Range[4];
        var count = span.Split(parts, '.');
        if (count < 2)
        {
            throw new FormatException($"Invalid version '{version}': a major and a minor part are required");
        }

        return (Part(span[parts[0]], version), Part(span[parts[1]], version), count > 2 ? Part(span[parts[2]], version) : 0);
    }

    private static int Part(ReadOnlySpan<char> part, string version) =>
        int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"invalid literal for int() with base 10: '{part}' in version '{version}'");
}
