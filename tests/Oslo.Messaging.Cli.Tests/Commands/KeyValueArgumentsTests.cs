using System.Text.Json;
using Oslo.Messaging.Cli.Commands;

namespace Oslo.Messaging.Cli.Tests.Commands;

public sealed class KeyValueArgumentsTests
{
    [Theory]
    [InlineData("n=5", JsonValueKind.Number, "5")]
    [InlineData("n=0.25", JsonValueKind.Number, "0.25")]
    [InlineData("o={\"a\": {\"b\": [1]}}", JsonValueKind.Object, "{\"a\": {\"b\": [1]}}")]
    [InlineData("l=[1,\"x\"]", JsonValueKind.Array, "[1,\"x\"]")]
    [InlineData("b=false", JsonValueKind.False, "false")]
    [InlineData("z=null", JsonValueKind.Null, "null")]
    [InlineData("q=\"5\"", JsonValueKind.String, "\"5\"")]
    [InlineData("s=hello world", JsonValueKind.String, "\"hello world\"")]
    [InlineData("s=True", JsonValueKind.String, "\"True\"")]
    [InlineData("s=", JsonValueKind.String, "\"\"")]
    [InlineData("s=[1,", JsonValueKind.String, "\"[1,\"")]
    public void Parse_Value_IsJsonElseString(string word, JsonValueKind kind, string rawJson)
    {
        var parsed = KeyValueArguments.Parse([word]);

        var value = Assert.Single(parsed).Value;
        Assert.Equal(kind, value.ValueKind);
        Assert.Equal(rawJson, value.ValueKind == JsonValueKind.String ? JsonSerializer.Serialize(value) : value.GetRawText());
    }

    [Fact]
    public void Parse_SeveralWords_KeepsKeysAndSplitsAtFirstEquals()
    {
        var parsed = KeyValueArguments.Parse(["a=1", "expr=x=y", "c={}"]);

        Assert.Equal(["a", "expr", "c"], parsed.Keys);
        Assert.Equal("x=y", parsed["expr"].GetString());
    }

    [Theory]
    [InlineData("novalue", "'novalue' is not key=value")]
    [InlineData("=1", "'=1' has an empty key")]
    [InlineData("--unknown", "'--unknown' is not an option of this command")]
    public void Parse_MalformedWord_ThrowsFormatException(string word, string reason)
    {
        var error = Assert.Throws<FormatException>(() => KeyValueArguments.Parse([word]));

        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateKey_ThrowsFormatException()
    {
        var error = Assert.Throws<FormatException>(() => KeyValueArguments.Parse(["a=1", "a=2"]));

        Assert.Equal("'a' is given twice", error.Message);
    }

    [Fact]
    public void Validate_GoodAndBadWords_ReturnsNullOrReason()
    {
        Assert.Null(KeyValueArguments.Validate(["a=1", "b=x"]));
        Assert.Null(KeyValueArguments.Validate(null));
        Assert.NotNull(KeyValueArguments.Validate(["a"]));
    }
}
