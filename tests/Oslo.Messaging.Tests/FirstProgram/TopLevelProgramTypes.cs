// Types in the global namespace, as a first program's own types are when it is written with top-level statements
// (README quick start): the library must give them a wire identity and describe them like any other.
using Oslo.Messaging;
using Oslo.Messaging.Rpc;

/// <summary>A top-level program's own exception: no namespace.</summary>
internal sealed class OutOfStockException(string message) : Exception(message);

/// <summary>A top-level program's own endpoint: no namespace.</summary>
[RpcEndpoint(Version = "1.0")]
internal sealed class Shop
{
    public int Reserve(RequestContext context, string item, int count) =>
        count <= 3 ? 3 - count : throw new OutOfStockException($"cannot reserve {count} {item}");
}

/// <summary>A newcomer's endpoint whose methods forgot the <see cref="RequestContext"/> parameter.</summary>
internal sealed class CalculatorWithoutContext
{
    public int Add(int a, int b) => a + b;

    public int Multiply(int a, int b) => a * b;
}
