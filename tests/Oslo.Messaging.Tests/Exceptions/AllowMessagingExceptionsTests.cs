using System.Text.Json;
using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Tests.Exceptions;

/// <summary>
/// The dispatcher exceptions are recreated alike from both peers: a Python server sends args [message]
/// (NoSuchMethod/UnsupportedVersion pass only the text to Exception), a .NET server args [method] / [version] + kwargs.
/// </summary>
public sealed class AllowMessagingExceptionsTests
{
    private readonly RemoteExceptionRegistry _registry = new RemoteExceptionRegistry().AllowMessagingExceptions();

    [Theory]
    [InlineData("""["Endpoint does not support RPC method no_such"]""")]
    [InlineData("""["no_such"]""")]
    public void Create_NoSuchMethodFromEitherPeer_HasMethodAndMessage(string args)
    {
        var error = Assert.IsType<NoSuchMethodException>(_registry.Create(Failure("NoSuchMethod", "Endpoint does not support RPC method no_such", args, "{}")));

        Assert.Equal("no_such", error.Method);
        Assert.Equal("Endpoint does not support RPC method no_such", error.Message);
    }

    [Theory]
    [InlineData("""["Endpoint does not support RPC version 1.4. Attempted method: echo"]""", "{}")]
    [InlineData("""["1.4"]""", """{"method": "echo"}""")]
    public void Create_UnsupportedVersionFromEitherPeer_HasVersionMethodAndMessage(string args, string kwargs)
    {
        var failure = Failure("UnsupportedVersion", "Endpoint does not support RPC version 1.4. Attempted method: echo", args, kwargs);

        var error = Assert.IsType<UnsupportedVersionException>(_registry.Create(failure));

        Assert.Equal("1.4", error.Version);
        Assert.Equal("echo", error.Method);
        Assert.Equal("Endpoint does not support RPC version 1.4. Attempted method: echo", error.Message);
    }

    private static RemoteFailure Failure(string className, string message, string args, string kwargs) =>
        new(className, "oslo_messaging.rpc.dispatcher", message, [], JsonElement.Parse(args), JsonElement.Parse(kwargs));
}
