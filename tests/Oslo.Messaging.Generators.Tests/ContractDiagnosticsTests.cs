using Microsoft.CodeAnalysis;

namespace Oslo.Messaging.Generators.Tests;

/// <summary>Each unsupported contract shape gets its diagnostic (docs/typed-contracts.md, "Diagnostics") and no code.</summary>
public sealed class ContractDiagnosticsTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using Oslo.Messaging;
        using Oslo.Messaging.Contracts;
        using Oslo.Messaging.Rpc;

        """;

    private static GeneratorResult Run(string contract) => GeneratorHarness.Run(Usings + contract);

    [Fact]
    public void ValidContract_NoDiagnosticAndCompilingOutput()
    {
        var result = Run("""
            namespace Demo;
            [RpcContract("compute", Namespace = "admin", Version = "2.1")]
            public interface IComputeApi
            {
                Task<int> AddAsync(RequestContext context, int a, int b, CancellationToken cancellationToken = default);
                [RpcSince("2.1")] ValueTask<string?> DescribeAsync(int @class, string? note = "none", long big = 5);
                [RpcCast(Fanout = true)] Task PingAllAsync(RequestContext context);
                ValueTask ResetAsync();
            }
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.CompileErrors);
        var source = Assert.Single(result.Sources);
        Assert.Contains("public sealed partial class ComputeApiClient : global::Demo.IComputeApi", source, StringComparison.Ordinal);
        Assert.Contains("public sealed partial class ComputeApiEndpoint : global::Oslo.Messaging.Contracts.ContractEndpoint", source, StringComparison.Ordinal);
        Assert.Contains("Client.Prepare(version: \"2.1\")", source, StringComparison.Ordinal); // RpcSince
        Assert.Contains("Client.Prepare(version: \"2.0\", fanout: true)", source, StringComparison.Ordinal); // fanout cast, base version
        Assert.Contains("argument.NameEquals(\"class\"u8)", source, StringComparison.Ordinal); // @class -> "class"
        Assert.DoesNotContain("System.Reflection", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Expression", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Overloads_SameWireName_OSLOGEN001()
    {
        var result = Run("""
            [RpcContract("t")]
            public interface IApi
            {
                Task<int> GetAsync(RequestContext context, int id);
                Task<int> Get(RequestContext context, string name);
            }
            """);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("OSLOGEN001", diagnostic.Id);
        Assert.Contains("'get'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void RenamedOverload_NoDiagnostic()
    {
        var result = Run("""
            [RpcContract("t")]
            public interface IApi
            {
                Task<int> GetAsync(RequestContext context, int id);
                [RpcMethod("get_by_name")] Task<int> GetAsync(RequestContext context, string name);
            }
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.CompileErrors);
    }

    [Theory]
    [InlineData("Task<int> GetAsync(RequestContext context, ref int id);")]
    [InlineData("Task GetAsync(RequestContext context, out int id);")]
    [InlineData("Task GetAsync(RequestContext context, in int id);")]
    public void ByRefParameter_OSLOGEN002(string method) =>
        Assert.Equal(["OSLOGEN002"], Run($"[RpcContract(\"t\")] public interface IApi {{ {method} }}").Ids);

    [Fact]
    public void GenericMethod_OSLOGEN003() =>
        Assert.Equal(["OSLOGEN003"], Run("[RpcContract(\"t\")] public interface IApi { Task<T> GetAsync<T>(RequestContext context); }").Ids);

    [Fact]
    public void MissingContext_WhereRequired_OSLOGEN004() =>
        Assert.Equal(["OSLOGEN004"], Run("[RpcContract(\"t\", RequireContext = true)] public interface IApi { Task<int> GetAsync(int id); }").Ids);

    [Fact]
    public void ContextNotFirst_OSLOGEN004() =>
        Assert.Equal(["OSLOGEN004"], Run("[RpcContract(\"t\")] public interface IApi { Task<int> GetAsync(int id, RequestContext context); }").Ids);

    [Fact]
    public void MissingContext_NotRequired_Allowed() =>
        Assert.Empty(Run("[RpcContract(\"t\")] public interface IApi { Task<int> GetAsync(int id); }").Diagnostics);

    [Fact]
    public void SameTopicAndNamespace_DifferentVersions_OSLOGEN005()
    {
        var result = Run("""
            [RpcContract("compute", Version = "1.2")] public interface IA { Task<int> AAsync(); }
            [RpcContract("compute", Version = "1.4")] public interface IB { Task<int> BAsync(); }
            [RpcContract("compute", Namespace = "admin", Version = "1.0")] public interface IC { Task<int> CAsync(); }
            """);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("OSLOGEN005", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(3, result.Sources.Count); // a warning: the code is still generated
    }

    [Theory]
    [InlineData("int Get(RequestContext context);")]
    [InlineData("void Notify(RequestContext context);")]
    [InlineData("int Count { get; }")]
    public void UnsupportedMember_OSLOGEN006(string member) =>
        Assert.Equal(["OSLOGEN006"], Run($"[RpcContract(\"t\")] public interface IApi {{ {member} }}").Ids);

    [Fact]
    public void CastWithResult_OSLOGEN007() =>
        Assert.Equal(["OSLOGEN007"], Run("[RpcContract(\"t\")] public interface IApi { [RpcCast] Task<int> GetAsync(); }").Ids);

    [Fact]
    public void TokenNotLast_OSLOGEN008() =>
        Assert.Equal(["OSLOGEN008"], Run("[RpcContract(\"t\")] public interface IApi { Task<int> GetAsync(CancellationToken token, int id); }").Ids);

    [Theory]
    [InlineData("[RpcContract(\"t\", Version = \"one\")] public interface IApi { Task<int> GetAsync(); }")]
    [InlineData("[RpcContract(\"t\", Version = \"1.2\")] public interface IApi { [RpcSince(\"1.3\")] Task<int> GetAsync(); }")]
    [InlineData("[RpcContract(\"t\", Version = \"2.2\")] public interface IApi { [RpcSince(\"1.1\")] Task<int> GetAsync(); }")]
    [InlineData("[RpcContract(\"t\")] public interface IApi { [RpcSince(\"1.1\")] Task<int> GetAsync(); }")]
    public void BadVersions_OSLOGEN009(string contract) =>
        Assert.Equal(["OSLOGEN009"], Run(contract).Ids);

    [Theory]
    [InlineData("[RpcContract(\"t\")] public interface IApi<T> { Task<int> GetAsync(); }")]
    [InlineData("public interface IBase { Task<int> BaseAsync(); } [RpcContract(\"t\")] public interface IApi : IBase { Task<int> GetAsync(); }")]
    [InlineData("[RpcContract(\"\")] public interface IApi { Task<int> GetAsync(); }")]
    public void BadInterface_OSLOGEN010(string contract) =>
        Assert.Equal(["OSLOGEN010"], Run(contract).Ids);
}
