using Oslo.Messaging.Rpc.Internal;

namespace Oslo.Messaging.Tests.Rpc.Internal;

/// <summary>The emitted invokers (DynamicCode, in place of compiled expression trees) keep what the expressions did:
/// casts and unboxing of every argument, every return shape, exceptions unwrapped, non-public endpoint types.</summary>
public sealed class InvokerCompilerTests
{
    public readonly record struct Point(int X, int Y);

    [Theory]
    [InlineData(nameof(Endpoint.Sum), 5)]
    [InlineData(nameof(Endpoint.SumAsync), 5)]
    [InlineData(nameof(Endpoint.SumValueAsync), 5)]
    public async Task Compile_ValueArgumentsAndResult_AreUnboxedAndBoxed(string method, int expected)
    {
        var (invoke, resultType) = InvokerCompiler.Compile(typeof(Endpoint).GetMethod(method)!);

        Assert.Equal(typeof(int), resultType);
        Assert.Equal(expected, await invoke(new Endpoint(), [2, (int?)3]));
    }

    [Fact]
    public async Task Compile_NullForNullableAndReferenceArguments_Passes()
    {
        var (invoke, _) = InvokerCompiler.Compile(typeof(Endpoint).GetMethod(nameof(Endpoint.Describe))!);

        Assert.Equal("null/null/(1, 2)", await invoke(new Endpoint(), [null, null, new Point(1, 2)]));
        Assert.Equal("a/4/(0, 0)", await invoke(new Endpoint(), ["a", 4, default(Point)]));
    }

    [Theory]
    [InlineData(nameof(Endpoint.Nothing))]
    [InlineData(nameof(Endpoint.NothingAsync))]
    [InlineData(nameof(Endpoint.NothingValueAsync))]
    public async Task Compile_NoResult_CallsAndGivesNull(string method)
    {
        var endpoint = new Endpoint();
        var (invoke, resultType) = InvokerCompiler.Compile(typeof(Endpoint).GetMethod(method)!);

        Assert.Null(await invoke(endpoint, []));
        Assert.Equal(typeof(object), resultType);
        Assert.Equal(1, endpoint.Calls);
    }

    [Fact]
    public async Task Compile_MethodThrows_ExceptionIsNotWrapped()
    {
        var (invoke, _) = InvokerCompiler.Compile(typeof(Endpoint).GetMethod(nameof(Endpoint.Fail))!);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await invoke(new Endpoint(), ["why"]));
        Assert.Equal("why", error.Message);
    }

    [Fact]
    public async Task Compile_WrongArgumentType_ThrowsInvalidCast()
    {
        var (invoke, _) = InvokerCompiler.Compile(typeof(Endpoint).GetMethod(nameof(Endpoint.Sum))!);

        await Assert.ThrowsAsync<InvalidCastException>(async () => await invoke(new Endpoint(), ["2", 3]));
    }

    [Fact]
    public async Task Compile_ValueTypeEndpoint_IsCalledOnTheBoxedValue()
    {
        var (invoke, _) = InvokerCompiler.Compile(typeof(ValueEndpoint).GetMethod(nameof(ValueEndpoint.Scale))!);

        Assert.Equal(21, await invoke(new ValueEndpoint(7), [3]));
    }

    [Fact]
    public async Task InterpretedFallback_ForNativeAot_GivesTheSameResultsAndExceptions()
    {
        var (sum, _) = InvokerCompiler.Interpreted.Compile(typeof(Endpoint).GetMethod(nameof(Endpoint.SumValueAsync))!);
        var (fail, _) = InvokerCompiler.Interpreted.Compile(typeof(Endpoint).GetMethod(nameof(Endpoint.Fail))!);

        Assert.Equal(5, await sum(new Endpoint(), [2, (int?)3]));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await fail(new Endpoint(), ["why"]));
    }

    // Not public: the emitted method skips visibility checks, as a compiled lambda did.
    private sealed class Endpoint
    {
        public int Calls { get; private set; }

        public int Sum(int a, int? b) => a + (b ?? 0);

        public Task<int> SumAsync(int a, int? b) => Task.FromResult(a + (b ?? 0));

        public async ValueTask<int> SumValueAsync(int a, int? b)
        {
            await Task.Yield();
            return a + (b ?? 0);
        }

        public string Describe(string? text, int? number, Point point) =>
            $"{text ?? "null"}/{number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}/({point.X}, {point.Y})";

        public void Nothing() => Calls++;

        public Task NothingAsync()
        {
            Calls++;
            return Task.CompletedTask;
        }

        public async ValueTask NothingValueAsync()
        {
            await Task.Yield();
            Calls++;
        }

        public int Fail(string reason) => throw new InvalidOperationException(reason);
    }

    private readonly struct ValueEndpoint(int factor)
    {
        public int Scale(int value) => value * factor;
    }
}
