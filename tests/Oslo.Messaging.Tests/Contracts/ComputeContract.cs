using System.Text.Json.Serialization;
using Oslo.Messaging.Contracts;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Tests.Contracts;

/// <summary>A typed contract exercising every supported shape; the generator emits ComputeApiClient and ComputeApiEndpoint.</summary>
[RpcContract("compute", Version = "1.3", JsonContext = typeof(ComputeJson))]
public interface IComputeApi
{
    Task<int> AddAsync(RequestContext context, int a, int b, CancellationToken cancellationToken = default);

    Task<Flavor> GetFlavorAsync(RequestContext context, string flavorId, CancellationToken cancellationToken = default);

    [RpcSince("1.2")]
    ValueTask<string?> DescribeAsync(int instanceId, string? note = null);

    [RpcMethod("reboot_instance_now")]
    Task RebootAsync(RequestContext context, string instanceId);

    [RpcCast]
    Task NotifyAsync(RequestContext context, string message, CancellationToken cancellationToken = default);

    [RpcCast(Fanout = true)]
    ValueTask BroadcastAsync(RequestContext context, string message);

    [ExpectedExceptions(typeof(QuotaExceededException))]
    Task<List<int>> AllocateAsync(RequestContext context, int count);

    Task<int> UptimeAsync();
}

/// <summary>A record argument and result type.</summary>
public sealed record Flavor(string FlavorId, int RamMb, IReadOnlyList<string> Tags);

/// <summary>An expected exception of the contract.</summary>
public sealed class QuotaExceededException(string message) : Exception(message);

/// <summary>Source-generated JSON metadata for the contract's own types.</summary>
[JsonSerializable(typeof(Flavor))]
[JsonSerializable(typeof(List<int>))]
public sealed partial class ComputeJson : JsonSerializerContext;

/// <summary>The server side.</summary>
public sealed class ComputeService : IComputeApi
{
    private readonly List<string> _casts = [];

    public IReadOnlyList<string> Casts
    {
        get
        {
            lock (_casts)
            {
                return [.. _casts];
            }
        }
    }

    /// <summary>Released once per cast received.</summary>
    public SemaphoreSlim CastsReceived { get; } = new(0);

    public Task<int> AddAsync(RequestContext context, int a, int b, CancellationToken cancellationToken = default) => Task.FromResult(a + b);

    public Task<Flavor> GetFlavorAsync(RequestContext context, string flavorId, CancellationToken cancellationToken = default) =>
        Task.FromResult(new Flavor(flavorId, 2048, ["fast", context.UserId ?? "anonymous"]));

    public ValueTask<string?> DescribeAsync(int instanceId, string? note = null) => new($"instance {instanceId}: {note ?? "no note"}");

    public Task RebootAsync(RequestContext context, string instanceId) => Task.CompletedTask;

    public Task NotifyAsync(RequestContext context, string message, CancellationToken cancellationToken = default)
    {
        Record("notify:" + message);
        return Task.CompletedTask;
    }

    public ValueTask BroadcastAsync(RequestContext context, string message)
    {
        Record("broadcast:" + message);
        return ValueTask.CompletedTask;
    }

    public Task<List<int>> AllocateAsync(RequestContext context, int count) =>
        count > 3 ? throw new QuotaExceededException($"quota is 3, asked {count}") : Task.FromResult(Enumerable.Range(1, count).ToList());

    public Task<int> UptimeAsync() => Task.FromResult(42);

    private void Record(string entry)
    {
        lock (_casts)
        {
            _casts.Add(entry);
        }

        CastsReceived.Release();
    }
}
