using System.Globalization;
using System.Text.Json;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Tests.Rpc.Internal;

/// <summary>Argument binding (Python's <c>method(ctxt, **args)</c>) and the method shapes an endpoint may have.</summary>
public sealed class EndpointMethodTests
{
    public sealed record Point(int X, int Y, string? DisplayName = null);

    public enum Color
    {
        Red,
        Green,
    }

    public sealed class Shapes
    {
        private int _calls;

        public int Calls => _calls;

        public string Greet(RequestContext context, string firstName, int times = 2, string? suffix = null) =>
            string.Concat(Enumerable.Repeat(firstName, times)) + suffix;

        public int Sum(RequestContext context, int[] values) => values.Sum();

        public string Describe(RequestContext context, Point point) => $"{point.X},{point.Y},{point.DisplayName}";

        public string Optional(RequestContext context, long? value, Color color = Color.Green, long big = 5) => string.Create(CultureInfo.InvariantCulture, $"{value?.ToString(CultureInfo.InvariantCulture) ?? "null"},{color},{big}");

        public JsonElement Raw(RequestContext context, JsonElement anything) => anything;

        public string Who(RequestContext context) => context.UserId ?? "nobody";

        public void DoVoid(RequestContext context) => Interlocked.Increment(ref _calls);

        public async Task DoTaskAsync(RequestContext context)
        {
            await Task.Yield();
            Interlocked.Increment(ref _calls);
        }

        public async ValueTask DoValueTaskAsync(RequestContext context)
        {
            await Task.Yield();
            Interlocked.Increment(ref _calls);
        }

        public int GetSync(RequestContext context) => 1;

        public async Task<int> GetTaskAsync(RequestContext context)
        {
            await Task.Yield();
            return 2;
        }

        public ValueTask<int> GetValueTaskAsync(RequestContext context) => ValueTask.FromResult(3);

        public async ValueTask<string> GetAsyncValueTaskAsync(RequestContext context)
        {
            await Task.Yield();
            return "four";
        }

        public Task<int> ThrowsAsync(RequestContext context) => throw new InvalidOperationException("sync throw in Task method");

        public async Task<int> FaultsAsync(RequestContext context)
        {
            await Task.Yield();
            throw new InvalidOperationException("async fault");
        }
    }

    private static readonly RpcDispatcher _dispatcher = new([new Shapes()], RpcAccessPolicy.Default, false);

    private static async Task<object?> InvokeAsync(string method, string args, RequestContext? context = null, Shapes? instance = null)
    {
        // The endpoint object comes per call (an activated endpoint has a new one each time).
        var (endpoint, found) = _dispatcher.Find(method, null, "1.0");
        return await found.InvokeAsync(instance ?? endpoint.Instance, context ?? new RequestContext(), JsonElement.Parse(args), JsonRpcSerializer.Default);
    }

    [Theory]
    [InlineData("{\"first_name\": \"ab\"}", "abab")]
    [InlineData("{\"first_name\": \"ab\", \"times\": 3}", "ababab")]
    [InlineData("{\"times\": 1, \"suffix\": \"!\", \"first_name\": \"x\"}", "x!")]
    [InlineData("{\"first_name\": \"x\", \"suffix\": null, \"times\": 1}", "x")]
    public async Task InvokeAsync_NamedArgsWithDefaults_BindBySnakeCaseName(string args, string expected) =>
        Assert.Equal(expected, await InvokeAsync("greet", args));

    [Fact]
    public async Task InvokeAsync_MissingRequired_ThrowsPythonTypeErrorText()
    {
        var error = await Assert.ThrowsAsync<RpcArgumentException>(() => InvokeAsync("greet", "{\"times\": 1}"));

        Assert.Equal("greet() missing 1 required positional argument: 'first_name'", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_UnexpectedArgument_ThrowsPythonTypeErrorText()
    {
        var error = await Assert.ThrowsAsync<RpcArgumentException>(() => InvokeAsync("greet", "{\"first_name\": \"x\", \"bogus\": 1}"));

        Assert.Equal("greet() got an unexpected keyword argument 'bogus'", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_CamelCaseName_IsUnexpected() =>
        await Assert.ThrowsAsync<RpcArgumentException>(() => InvokeAsync("greet", "{\"firstName\": \"x\"}"));

    [Theory]
    [InlineData("greet", "{\"first_name\": 5}", "first_name")]
    [InlineData("greet", "{\"first_name\": \"x\", \"times\": \"two\"}", "times")]
    [InlineData("greet", "{\"first_name\": \"x\", \"times\": null}", "times")]
    [InlineData("greet", "{\"first_name\": \"x\", \"times\": 1.5}", "times")]
    [InlineData("greet", "{\"first_name\": \"x\", \"times\": 3000000000}", "times")]
    [InlineData("sum", "{\"values\": {\"a\": 1}}", "values")]
    [InlineData("describe", "{\"point\": [1, 2]}", "point")]
    public async Task InvokeAsync_WrongType_ThrowsArgumentErrorNamingIt(string method, string args, string argument)
    {
        var error = await Assert.ThrowsAsync<RpcArgumentException>(() => InvokeAsync(method, args));

        Assert.StartsWith($"{method}() argument '{argument}' cannot be read as ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ComplexArguments_DeserializedWithSnakeCaseProperties()
    {
        Assert.Equal(6, await InvokeAsync("sum", "{\"values\": [1, 2, 3]}"));
        Assert.Equal("1,2,vm", await InvokeAsync("describe", "{\"point\": {\"x\": 1, \"y\": 2, \"display_name\": \"vm\"}}"));
    }

    [Theory]
    [InlineData("{\"value\": null}", "null,Green,5")]
    [InlineData("{\"value\": null, \"big\": 7}", "null,Green,7")]
    [InlineData("{\"value\": 9, \"color\": 0, \"big\": 9007199254740993}", "9,Red,9007199254740993")]
    public async Task InvokeAsync_NullableAndOptional_UseDefaults(string args, string expected) =>
        Assert.Equal(expected, await InvokeAsync("optional", args));

    [Fact]
    public async Task InvokeAsync_NullableWithoutDefault_IsStillRequired()
    {
        // Python: a parameter without a default is required whatever values it accepts.
        var error = await Assert.ThrowsAsync<RpcArgumentException>(() => InvokeAsync("optional", "{}"));

        Assert.Equal("optional() missing 1 required positional argument: 'value'", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_JsonElementParameter_ReceivesRawJson()
    {
        var result = (JsonElement)(await InvokeAsync("raw", "{\"anything\": {\"k\": [1, null, \"s\"]}}"))!;

        Assert.Equal("{\"k\": [1, null, \"s\"]}", result.GetRawText());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    public async Task InvokeAsync_NoArgsObject_CallsWithContextOnly(string args) =>
        Assert.Equal("alice", await InvokeAsync("who", args, new RequestContext { UserId = "alice" }));

    [Theory]
    [InlineData("get_sync", 1)]
    [InlineData("get_task", 2)]
    [InlineData("get_value_task", 3)]
    [InlineData("get_async_value_task", "four")]
    public async Task InvokeAsync_ResultShapes_ReturnTheValue(string method, object expected) =>
        Assert.Equal(expected, await InvokeAsync(method, "{}"));

    [Theory]
    [InlineData("do_void")]
    [InlineData("do_task")]
    [InlineData("do_value_task")]
    public async Task InvokeAsync_VoidShapes_RunAndReturnNull(string method)
    {
        var instance = new Shapes();

        Assert.Null(await InvokeAsync(method, "{}", instance: instance));
        Assert.Equal(1, instance.Calls);
    }

    [Theory]
    [InlineData("throws", "sync throw in Task method")]
    [InlineData("faults", "async fault")]
    public async Task InvokeAsync_MethodThrows_ExceptionSurfaces(string method, string message)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => InvokeAsync(method, "{}"));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("get_task", typeof(int))]
    [InlineData("get_async_value_task", typeof(string))]
    [InlineData("do_void", typeof(object))]
    [InlineData("describe", typeof(string))]
    public void ResultType_DeclaredShape_IsUnwrapped(string method, Type expected) =>
        Assert.Equal(expected, _dispatcher.Find(method, null, "1.0").Method.ResultType);
}
