using System.Reflection;
using Xunit.Sdk;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>The Python oslo.messaging versions the RPC interop suite runs against, as the first theory argument.</summary>
internal static class OsloVersions
{
    /// <summary>Debian's python3-oslo.messaging.</summary>
    public const string Debian14 = "14.0.3";

    /// <summary>The newest oslo.messaging (<see cref="NewestOslo"/>).</summary>
    public const string Newest18 = "18.1.0";

    /// <summary>The folder to put first on PYTHONPATH for <paramref name="oslo"/>: null for Debian's 14.0.3.</summary>
    public static string? PathOf(string oslo) => oslo switch
    {
        Debian14 => null,
        Newest18 => NewestOslo.Path,
        _ => throw new ArgumentOutOfRangeException(nameof(oslo), oslo, "Unknown oslo.messaging version"),
    };
}

/// <summary>A theory row against Debian's oslo.messaging 14.0.3: <c>"14.0.3"</c> followed by <paramref name="data"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class Oslo14Attribute(params object?[] data) : DataAttribute
{
    public IReadOnlyList<object?> Data => data;

    public override IEnumerable<object?[]> GetData(MethodInfo testMethod) => [[OsloVersions.Debian14, .. data]];
}

/// <summary>A theory row against oslo.messaging 18.1.0: <c>"18.1.0"</c> followed by <paramref name="data"/>; skipped, with
/// the reason, when the 18.1.0 tree is not on this machine (<see cref="NewestOslo.MissingReason"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class Oslo18Attribute : DataAttribute
{
    private readonly object?[] _data;

    public Oslo18Attribute(params object?[] data)
    {
        _data = data;
        Skip = NewestOslo.MissingReason;
    }

    public IReadOnlyList<object?> Data => _data;

    public override IEnumerable<object?[]> GetData(MethodInfo testMethod) => [[OsloVersions.Newest18, .. _data]];
}
