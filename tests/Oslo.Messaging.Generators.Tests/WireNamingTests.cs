using System.Text.Json;

namespace Oslo.Messaging.Generators.Tests;

/// <summary>The generator's compile-time names equal the runtime's (System.Text.Json's snake_case policy), or typed and
/// untyped peers would disagree on the wire.</summary>
public sealed class WireNamingTests
{
    [Theory]
    [InlineData("instanceId")]
    [InlineData("InstanceId")]
    [InlineData("URLValue")]
    [InlineData("ramMB")]
    [InlineData("a1B2c3")]
    [InlineData("ABC")]
    [InlineData("already_snake")]
    [InlineData("IOStream2Go")]
    [InlineData("x")]
    [InlineData("Äpfel")]
    [InlineData("naïveÜber")]
    public void SnakeCase_EqualsSystemTextJsonPolicy(string name) =>
        Assert.Equal(JsonNamingPolicy.SnakeCaseLower.ConvertName(name), WireNaming.SnakeCase(name));

    [Theory]
    [InlineData("AddInstanceAsync", "add_instance")]
    [InlineData("Async", "async")]
    [InlineData("GetURLAsync", "get_url")]
    public void ForMethod_DropsAsync(string name, string expected) =>
        Assert.Equal(expected, WireNaming.ForMethod(name));
}
