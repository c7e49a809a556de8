using System.Collections.Concurrent;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.RabbitMq.Tests.Cluster;

/// <summary>Counts every cast it processes by id (so duplicates show), answers calls, and records fanout casts.</summary>
[RpcEndpoint(Version = "1.0")]
public sealed class TallyEndpoint
{
    private readonly ConcurrentDictionary<string, int> _casts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _fanouts = new(StringComparer.Ordinal);

    public int Add(RequestContext context, int a, int b) => a + b;

    public void Record(RequestContext context, string id) => _casts.AddOrUpdate(id, 1, (_, n) => n + 1);

    public void Fanout(RequestContext context, string id) => _fanouts.AddOrUpdate(id, 1, (_, n) => n + 1);

    /// <summary>How often the cast <paramref name="id"/> was processed (0 = never).</summary>
    public int TimesProcessed(string id) => _casts.TryGetValue(id, out var n) ? n : 0;

    public IReadOnlyDictionary<string, int> Casts => _casts;

    public bool HasFanout(string id) => _fanouts.ContainsKey(id);
}
