using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Interop.Tests.Support;

namespace Oslo.Messaging.Interop.Tests.Typed;

/// <summary>A real oslo.messaging client (oslo_client.py) calling a .NET server of generated endpoints over rabbit://.</summary>
[Trait("Category", "Integration")]
[Collection(TypedDotNetServerCollection.Name)]
public sealed class PythonClientTypedServerTests(TypedDotNetServerFixture server)
{
    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_Add_ReturnsSum(string oslo)
    {
        var result = (await server.RunAsync(server.Call(oslo, "add") with { Args = new { a = 2, b = 3 } })).AssertOk();

        Assert.Equal(5, result.GetInt64());
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_EchoNestedObject_BoundToRecordAndReturnedUnchanged(string oslo)
    {
        var payload = JsonElement.Parse(TypedClientPythonServerTests.Wire(TypedClientPythonServerTests.SampleInventory()));

        var result = (await server.RunAsync(server.Call(oslo, "echo") with { Args = new { payload } })).AssertOk();

        Assert.True(JsonElement.DeepEquals(payload, result), $"echo returned {result}");
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_DescribeHostAtOneFour_NestedResultInSnakeCase(string oslo)
    {
        var call = server.Call(oslo, "describe_host") with { Version = "1.4", Args = new { host = "compute-9", slots = 2 }, Context = new { user_id = "alice" } };

        var result = (await server.RunAsync(call)).AssertOk();

        var expected = JsonElement.Parse("""
            {"host": "compute-9",
             "slots": [{"index": 0, "flavor": {"name": "m1.small", "vcpus": 1, "ram_gb": 2, "is_public": true}, "tags": ["ssd"]},
                       {"index": 1, "flavor": null, "tags": []}],
             "flavors": {"m1.small": {"name": "m1.small", "vcpus": 1, "ram_gb": 2, "is_public": true}},
             "note": "described for alice"}
            """);
        Assert.True(JsonElement.DeepEquals(expected, result), $"describe_host returned {result}");
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_VersionAboveContract_PythonGetsUnsupportedVersion(string oslo)
    {
        var call = server.Call(oslo, "describe_host") with { Version = "1.5", Args = new { host = "compute-9", slots = 1 } };

        var outcome = await server.RunAsync(call);

        outcome.AssertRemoteError("UnsupportedVersion", "Endpoint does not support RPC version 1.5. Attempted method: describe_host");
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Cast_Note_TypedServerNotesIt(string oslo)
    {
        var kind = "py-cast-" + oslo;

        (await server.RunAsync(server.Call(oslo, "note") with { Kind = "cast", Args = new { kind } })).AssertOk();

        await server.Notes.WaitForAsync(kind, TimeSpan.FromSeconds(15));
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_WhoamiWithoutContextParameter_Answers(string oslo)
    {
        var result = (await server.RunAsync(server.Call(oslo, "whoami") with { Context = new { user = "bob" } })).AssertOk();

        Assert.Equal("t1", result.GetString());
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_ExpectedException_PythonGetsKeyErrorAndServerLogsDebugOnly(string oslo)
    {
        var outcome = await server.RunAsync(server.Call(oslo, "fail_expected") with { Args = new { message = "missing key" } });

        outcome.AssertRaised("builtins", "KeyError", "missing key");
        Assert.DoesNotContain(server.Log.Entries, e => e.Level >= LogLevel.Warning && e.Text.Contains("fail_expected", StringComparison.Ordinal));
        Assert.Contains(server.Log.Entries, e => e.Level == LogLevel.Debug && e.Text.Contains("(fail_expected)", StringComparison.Ordinal));
    }

    [Theory]
    [Oslo14]
    [Oslo18]
    public async Task Call_MissingArgument_PythonGetsTypeErrorFromGeneratedBinding(string oslo)
    {
        var outcome = await server.RunAsync(server.Call(oslo, "describe_host") with { Args = new { host = "compute-9" } });

        outcome.AssertRaised("builtins", "TypeError", "describe_host() missing 1 required positional argument: 'slots'");
    }
}
