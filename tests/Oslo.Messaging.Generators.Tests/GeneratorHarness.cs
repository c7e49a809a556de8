using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Oslo.Messaging.Contracts;

namespace Oslo.Messaging.Generators.Tests;

/// <summary>Compiles a snippet with the generator, as the compiler would in a project referencing it.</summary>
internal static class GeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)),
        MetadataReference.CreateFromFile(typeof(RpcContractAttribute).Assembly.Location),
    ];

    public static GeneratorResult Run(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Snippet.cs")],
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new ContractGenerator());
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var compileErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("OSLOGEN", StringComparison.Ordinal)).ToList();
        var generated = driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()).ToList();
        return new GeneratorResult(generatorDiagnostics, compileErrors, generated);
    }
}

/// <summary>What a generator run produced.</summary>
internal sealed record GeneratorResult(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Diagnostic> CompileErrors, IReadOnlyList<string> Sources)
{
    public IEnumerable<string> Ids => Diagnostics.Select(d => d.Id);
}
