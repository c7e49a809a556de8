using System.Collections.Concurrent;

namespace Oslo.Messaging.Cli.Demo;

/// <summary>Implements <see cref="IInventoryApi"/>; one instance per server.</summary>
/// <param name="serverName">The server hosting this instance, returned by <see cref="WhoamiAsync"/>.</param>
/// <param name="inbox">Records received casts.</param>
/// <param name="release">Completes when <see cref="HangAsync"/> may return (after the demo's timeout step).</param>
internal sealed class InventoryEndpoint(string serverName, CastInbox inbox, Task release) : IInventoryApi
{
    private readonly ConcurrentDictionary<string, int> _stock = new(StringComparer.Ordinal) { ["widget"] = 5 };

    /// <inheritdoc/>
    public Task<string> WhoamiAsync(RequestContext context) => Task.FromResult(serverName);

    /// <inheritdoc/>
    public Task<int> ReserveAsync(RequestContext context, string item, int count)
    {
        while (true)
        {
            var available = _stock.GetValueOrDefault(item);
            if (count > available)
            {
                throw OutOfStockException.For(item, count, available);
            }
            if (_stock.TryUpdate(item, available - count, available))
            {
                return Task.FromResult(available - count);
            }
        }
    }

    /// <inheritdoc/>
    public Task CrashAsync(RequestContext context, string reason) => throw new InvalidOperationException(reason);

    /// <inheritdoc/>
    public async Task<string> HangAsync(RequestContext context)
    {
        await release.ConfigureAwait(false);
        return "released";
    }

    /// <inheritdoc/>
    public Task NotifyAsync(RequestContext context, string message)
    {
        inbox.Record(serverName, message);
        return Task.CompletedTask;
    }
}
