using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Oslo.Messaging.Generators;

/// <summary>Reads an <c>[RpcContract]</c> interface into a <see cref="ContractModel"/>, collecting diagnostics.</summary>
internal static class ContractParser
{
    public const string ContractAttribute = "Oslo.Messaging.Contracts.RpcContractAttribute";
    private const string CastAttribute = "Oslo.Messaging.Contracts.RpcCastAttribute";
    private const string SinceAttribute = "Oslo.Messaging.Contracts.RpcSinceAttribute";
    private const string MethodAttribute = "Oslo.Messaging.Rpc.RpcMethodAttribute";
    private const string ExpectedAttribute = "Oslo.Messaging.Rpc.ExpectedExceptionsAttribute";
    private const string RequestContextType = "Oslo.Messaging.RequestContext";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat TypeOfFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    public static ContractModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var attribute = context.Attributes[0];
        var diagnostics = new List<DiagnosticInfo>();
        var location = type.Locations.FirstOrDefault();

        var topic = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? "" : "";
        string? wireNamespace = null, version = null, jsonContext = null;
        var requireContext = false;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "Namespace":
                    wireNamespace = named.Value.Value as string;
                    break;
                case "Version":
                    version = named.Value.Value as string;
                    break;
                case "RequireContext":
                    requireContext = named.Value.Value is true;
                    break;
                case "JsonContext":
                    jsonContext = (named.Value.Value as ITypeSymbol)?.ToDisplayString(TypeOfFormat);
                    break;
            }
        }

        if (string.IsNullOrEmpty(topic))
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadInterface, location, type.Name, "has no topic: [RpcContract(\"topic\")]"));
        }

        if (type.IsGenericType || type.ContainingType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadInterface, location, type.Name, "is generic or nested; declare it as a non-generic top-level interface"));
        }

        if (type.Interfaces.Length > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadInterface, location, type.Name, "inherits other interfaces; declare every method in the contract itself"));
        }

        int[]? contractVersion = null;
        if (version is not null && (contractVersion = ParseVersion(version)) is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadVersion, location, $"Contract '{type.Name}' declares version '{version}'; expected \"X.Y[.Z]\""));
        }

        var methods = new List<MethodModel>();
        var wireNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsStatic || !member.IsAbstract)
            {
                continue; // static and default-implemented members are not RPC methods
            }

            if (member is IMethodSymbol { AssociatedSymbol: not null })
            {
                continue; // a property's or event's accessor: reported once, on the property or event
            }

            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedReturn, member.Locations.FirstOrDefault(), member.Name, "is not a method; a contract holds only methods"));
                continue;
            }

            var model = ParseMethod(method, methods.Count, requireContext, contractVersion, diagnostics);
            if (model is null)
            {
                continue;
            }

            if (wireNames.TryGetValue(model.WireName, out var other))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DuplicateWireName, method.Locations.FirstOrDefault(), method.Name, model.WireName, other));
                continue;
            }

            wireNames.Add(model.WireName, method.Name);
            methods.Add(model);
        }

        var name = type.Name;
        var baseName = name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) ? name.Substring(1) : name;
        return new ContractModel(
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            name,
            type.ToDisplayString(TypeOfFormat),
            type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
            baseName,
            topic,
            wireNamespace,
            version,
            jsonContext,
            Expected(type),
            new EquatableArray<MethodModel>(methods.ToImmutableArray()),
            new EquatableArray<DiagnosticInfo>(diagnostics.ToImmutableArray()),
            LocationInfo.From(location));
    }

    private static MethodModel? ParseMethod(IMethodSymbol method, int index, bool requireContext, int[]? contractVersion, List<DiagnosticInfo> diagnostics)
    {
        var location = method.Locations.FirstOrDefault();
        var ok = true;
        if (method.IsGenericMethod)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GenericMethod, location, method.Name));
            ok = false;
        }

        var parameters = method.Parameters;
        foreach (var parameter in parameters.Where(p => p.RefKind != RefKind.None))
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ByRefParameter, parameter.Locations.FirstOrDefault() ?? location, parameter.Name, method.Name));
            ok = false;
        }

        var contextIndexes = parameters.Where(p => IsType(p.Type, RequestContextType)).Select(p => p.Ordinal).ToList();
        var hasContext = contextIndexes.Count > 0;
        if (contextIndexes.Any(i => i != 0) || contextIndexes.Count > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.MissingContext, location, method.Name, "takes a RequestContext that is not its first parameter; put it first"));
            ok = false;
        }
        else if (requireContext && !hasContext)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.MissingContext, location, method.Name, "has no RequestContext first parameter, which its contract requires (RequireContext = true)"));
            ok = false;
        }

        var tokenIndexes = parameters.Where(p => IsType(p.Type, "System.Threading.CancellationToken")).Select(p => p.Ordinal).ToList();
        var hasToken = tokenIndexes.Count == 1 && tokenIndexes[0] == parameters.Length - 1;
        if (tokenIndexes.Count > 0 && !hasToken)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TokenNotLast, location, method.Name));
            ok = false;
        }

        var returnType = method.ReturnType as INamedTypeSymbol;
        var returnName = returnType is null ? "" : returnType.ConstructedFrom.ToDisplayString();
        string? resultType = null, resultTypeOf = null;
        bool returnsValueTask;
        switch (returnName)
        {
            case "System.Threading.Tasks.Task":
            case "System.Threading.Tasks.ValueTask":
                returnsValueTask = returnName.EndsWith("ValueTask", StringComparison.Ordinal);
                break;
            case "System.Threading.Tasks.Task<TResult>":
            case "System.Threading.Tasks.ValueTask<TResult>":
                returnsValueTask = returnName.StartsWith("System.Threading.Tasks.ValueTask", StringComparison.Ordinal);
                resultType = returnType!.TypeArguments[0].ToDisplayString(TypeFormat);
                resultTypeOf = returnType.TypeArguments[0].WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeOfFormat);
                break;
            default:
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedReturn, location, method.Name,
                    "must return Task, Task<T>, ValueTask or ValueTask<T> (a void cast would lose its send failures: return Task and mark it [RpcCast])"));
                return null;
        }

        var cast = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == CastAttribute);
        var isCast = cast is not null;
        var fanout = cast?.NamedArguments.Any(a => a.Key == "Fanout" && a.Value.Value is true) == true;
        if (isCast && resultType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.CastWithResult, location, method.Name));
            ok = false;
        }

        var since = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == SinceAttribute)?.ConstructorArguments.FirstOrDefault().Value as string;
        var sendVersion = contractVersion is null ? null : $"{contractVersion[0]}.0";
        if (since is not null)
        {
            var parsed = ParseVersion(since);
            if (parsed is null || contractVersion is null || parsed[0] != contractVersion[0] || Compare(parsed, contractVersion) > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadVersion, location,
                    $"[RpcSince(\"{since}\")] on '{method.Name}' must be \"X.Y[.Z]\" of the contract's major and not above the contract's version (the contract needs a Version)"));
                ok = false;
            }

            sendVersion = since;
        }

        var wireName = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == MethodAttribute)?.ConstructorArguments.FirstOrDefault().Value as string
            ?? WireNaming.ForMethod(method.Name);
        if (!ok)
        {
            return null;
        }

        var wireParameters = parameters
            .Where(p => !(hasContext && p.Ordinal == 0) && !(hasToken && p.Ordinal == parameters.Length - 1))
            .Select(p => new ParameterModel(
                SyntaxFacts.GetKeywordKind(p.Name) != SyntaxKind.None ? "@" + p.Name : p.Name,
                WireNaming.SnakeCase(p.Name),
                p.Type.ToDisplayString(TypeFormat),
                p.HasExplicitDefaultValue ? Literal(p.Type, p.ExplicitDefaultValue) : null))
            .ToImmutableArray();
        return new MethodModel(
            method.Name, method.Name + "_" + index, wireName, sendVersion, isCast, fanout, returnsValueTask, resultType, resultTypeOf,
            method.ReturnType.ToDisplayString(TypeFormat), hasContext, hasToken,
            hasToken && parameters[parameters.Length - 1].HasExplicitDefaultValue,
            new EquatableArray<ParameterModel>(wireParameters),
            Expected(method));
    }

    private static EquatableArray<string> Expected(ISymbol symbol) => new(symbol.GetAttributes()
        .Where(a => a.AttributeClass?.ToDisplayString() == ExpectedAttribute)
        .SelectMany(a => a.ConstructorArguments.SelectMany(c => c.Kind == TypedConstantKind.Array ? c.Values : ImmutableArray.Create(c)))
        .Select(c => (c.Value as ITypeSymbol)?.ToDisplayString(TypeOfFormat))
        .Where(t => t is not null)
        .Select(t => t!)
        .ToImmutableArray());

    private static bool IsType(ITypeSymbol type, string name) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString() == name;

    /// <summary>A default value as C# source, cast to the parameter's type.</summary>
    private static string Literal(ITypeSymbol type, object? value)
    {
        var typeName = type.ToDisplayString(TypeFormat);
        return value switch
        {
            null => $"default({typeName})",
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            float f => $"({typeName}){f.ToString("R", CultureInfo.InvariantCulture)}F",
            double d => $"({typeName}){d.ToString("R", CultureInfo.InvariantCulture)}D",
            decimal m => $"({typeName}){m.ToString(CultureInfo.InvariantCulture)}M",
            IFormattable number => $"({typeName})({number.ToString(null, CultureInfo.InvariantCulture)})",
            _ => $"default({typeName})",
        };
    }

    /// <summary>"X.Y[.Z]" as numbers, as the runtime's RpcVersion reads it; null when malformed.</summary>
    public static int[]? ParseVersion(string version)
    {
        var parts = version.Split('.');
        if (parts.Length is < 2 or > 3)
        {
            return null;
        }

        var numbers = new int[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return numbers;
    }

    private static int Compare(int[] a, int[] b)
    {
        for (var i = 0; i < 3; i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }

        return 0;
    }
}
