using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Oslo.Messaging.Generators;

/// <summary>
/// For every interface marked <c>[RpcContract]</c>: a client proxy and a server endpoint (see
/// <see cref="ContractEmitter"/>), or the diagnostics that explain why not. Incremental: a contract is re-read only
/// when its own declaration changes.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ContractGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var contracts = context.SyntaxProvider.ForAttributeWithMetadataName(
            ContractParser.ContractAttribute,
            static (node, _) => node is InterfaceDeclarationSyntax,
            ContractParser.Parse);

        context.RegisterSourceOutput(contracts, static (output, contract) =>
        {
            foreach (var diagnostic in contract.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (contract.CanEmit)
            {
                var hint = (contract.Namespace is null ? "" : contract.Namespace + ".") + contract.InterfaceName + ".Contract.g.cs";
                output.AddSource(hint, ContractEmitter.Emit(contract));
            }
        });

        context.RegisterSourceOutput(contracts.Collect(), static (output, all) => ReportVersionConflicts(output, all));
    }

    /// <summary>OSLOGEN005: contracts of one topic and namespace must agree on the version.</summary>
    private static void ReportVersionConflicts(SourceProductionContext output, ImmutableArray<ContractModel> all)
    {
        foreach (var group in all.GroupBy(c => (c.Topic, c.WireNamespace)))
        {
            var first = group.First();
            foreach (var other in group.Skip(1).Where(c => (c.Version ?? "1.0") != (first.Version ?? "1.0")))
            {
                output.ReportDiagnostic(Diagnostic.Create(
                    Diagnostics.VersionConflict,
                    other.Location?.ToLocation() ?? Location.None,
                    first.InterfaceName, first.Version ?? "1.0", other.InterfaceName, other.Version ?? "1.0", other.Topic, other.WireNamespace ?? "(null)"));
            }
        }
    }
}
