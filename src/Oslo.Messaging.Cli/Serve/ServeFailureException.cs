using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Cli.Serve;

/// <summary>Raised on purpose by <c>fail(message)</c> of <c>oslomsg serve</c>; travels as <c>oslomsg.ServeFailure</c>.</summary>
[WireIdentity(WireModule, WireClass)]
internal sealed class ServeFailureException(string message) : Exception(message)
{
    public const string WireModule = "oslomsg";
    public const string WireClass = "ServeFailure";
}
