using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Oslo.Messaging.Generators;

/// <summary>An immutable array compared by its items, so the incremental pipeline can cache models.</summary>
internal readonly struct EquatableArray<T>(ImmutableArray<T> items) : IEquatable<EquatableArray<T>>, IEnumerable<T>
    where T : IEquatable<T>
{
    public ImmutableArray<T> Items => items.IsDefault ? ImmutableArray<T>.Empty : items;

    public int Length => Items.Length;

    public bool Equals(EquatableArray<T> other) => Items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode() => Items.Aggregate(17, (hash, item) => (hash * 31) + item.GetHashCode());

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A source location without a reference to the compilation (cacheable).</summary>
internal sealed record LocationInfo(string Path, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location?.SourceTree is { } tree ? new LocationInfo(tree.FilePath, location.SourceSpan, location.GetLineSpan().Span) : null;

    public Location ToLocation() => Location.Create(Path, Span, LineSpan);
}

/// <summary>A diagnostic without a reference to the compilation (cacheable).</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
        new(descriptor, LocationInfo.From(location), new EquatableArray<string>(arguments.ToImmutableArray()));

    public Diagnostic ToDiagnostic() => Diagnostic.Create(
        Descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, Arguments.Cast<object>().ToArray());
}

/// <summary>One parameter sent on the wire.</summary>
internal sealed record ParameterModel(string Identifier, string WireName, string Type, string? DefaultLiteral);

/// <summary>One contract method.</summary>
internal sealed record MethodModel(
    string Name,
    string HelperName,
    string WireName,
    string? Version,
    bool IsCast,
    bool Fanout,
    bool ReturnsValueTask,
    string? ResultType,
    string? ResultTypeOf,
    string ReturnType,
    bool HasContext,
    bool HasToken,
    bool TokenHasDefault,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<string> ExpectedExceptions);

/// <summary>One contract interface, with the diagnostics found while reading it.</summary>
internal sealed record ContractModel(
    string? Namespace,
    string InterfaceName,
    string InterfaceType,
    string Accessibility,
    string BaseName,
    string Topic,
    string? WireNamespace,
    string? Version,
    string? JsonContext,
    EquatableArray<string> ExpectedExceptions,
    EquatableArray<MethodModel> Methods,
    EquatableArray<DiagnosticInfo> Diagnostics,
    LocationInfo? Location)
{
    public bool CanEmit => !Diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
}
