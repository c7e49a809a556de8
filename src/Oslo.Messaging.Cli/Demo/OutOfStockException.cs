using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Cli.Demo;

/// <summary>The demo's business exception: declared with [ExpectedExceptions] on the server, allow-listed on the client.</summary>
[WireIdentity("oslomsg.demo", "OutOfStock")]
internal sealed class OutOfStockException(string message) : Exception(message)
{
    public static OutOfStockException For(string item, int requested, int available) =>
        new($"cannot reserve {requested} {item}: {available} in stock");
}
