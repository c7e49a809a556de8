using Microsoft.CodeAnalysis;

namespace Oslo.Messaging.Generators;

/// <summary>The generator's diagnostics; each is documented in docs/typed-contracts.md under its id.</summary>
internal static class Diagnostics
{
    private const string Category = "Oslo.Messaging.Contracts";
    private const string Help = "https://github.com/oslo-messaging-dotnet/docs/typed-contracts.md#diagnostics";

    public static readonly DiagnosticDescriptor DuplicateWireName = Error(
        "OSLOGEN001", "Two contract methods share a wire name",
        "Contract method '{0}' has the wire name '{1}', already used by '{2}'; oslo binds by name, so overloads cannot be told apart: rename one or give it [RpcMethod(\"name\")]");

    public static readonly DiagnosticDescriptor ByRefParameter = Error(
        "OSLOGEN002", "Contract parameters are passed by value",
        "Parameter '{0}' of contract method '{1}' is ref, out or in; RPC arguments travel by value: return the value instead");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "OSLOGEN003", "Contract methods cannot be generic",
        "Contract method '{0}' is generic; the wire carries no type arguments: use concrete types");

    public static readonly DiagnosticDescriptor MissingContext = Error(
        "OSLOGEN004", "RequestContext missing or not first",
        "Contract method '{0}' {1}");

    public static readonly DiagnosticDescriptor VersionConflict = Descriptor(
        "OSLOGEN005", "Two contracts of one topic and namespace declare different versions",
        "Contracts '{0}' (version {1}) and '{2}' (version {3}) share topic '{4}' and namespace '{5}'; a server picks the first compatible endpoint, so one contract's methods can hide the other's: give them one version or different namespaces",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnsupportedReturn = Error(
        "OSLOGEN006", "Unsupported contract member",
        "Contract member '{0}' {1}");

    public static readonly DiagnosticDescriptor CastWithResult = Error(
        "OSLOGEN007", "A cast has no result",
        "Contract method '{0}' is marked [RpcCast] but returns a result; a cast gets no reply: return Task or ValueTask");

    public static readonly DiagnosticDescriptor TokenNotLast = Error(
        "OSLOGEN008", "CancellationToken must be the last parameter",
        "Contract method '{0}' takes a CancellationToken that is not its last parameter, or more than one");

    public static readonly DiagnosticDescriptor BadVersion = Error(
        "OSLOGEN009", "Malformed or inconsistent version",
        "{0}");

    public static readonly DiagnosticDescriptor BadInterface = Error(
        "OSLOGEN010", "Unsupported contract interface",
        "Contract interface '{0}' {1}");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        Descriptor(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Descriptor(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: Help);
}
