using Oslo.Messaging;
using Oslo.Messaging.Contracts;

namespace PackCheck;

/// <summary>A typed contract: the generator that comes inside the Oslo.Messaging package emits AdderClient and
/// AdderEndpoint; without it this project does not build.</summary>
[RpcContract("adder", Version = "1.0")]
public interface IAdder
{
    Task<int> AddAsync(RequestContext context, int a, int b, CancellationToken cancellationToken = default);
}

internal sealed class Adder : IAdder
{
    public Task<int> AddAsync(RequestContext context, int a, int b, CancellationToken cancellationToken = default) =>
        Task.FromResult(a + b);
}
