using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Fleet;

/// <summary>What each simulated compute host serves: a call, and a fanout cast whose arrival is counted.</summary>
[RpcEndpoint(Version = "1.0")]
internal sealed class ComputeEndpoint(string host, FanoutTally tally)
{
    public string Ping(RequestContext context) => host;

    public void Refresh(RequestContext context, string id) => tally.Arrived(id);
}

/// <summary>Counts the hosts a fanout cast reached and completes when all have it.</summary>
internal sealed class FanoutTally
{
    private int _count;
    private int _expected = int.MaxValue;
    private string _id = "";
    private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Expect(string id, int hosts)
    {
        _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _count, 0);
        Volatile.Write(ref _id, id);
        Volatile.Write(ref _expected, hosts);
        return _all.Task;
    }

    public int Count => Volatile.Read(ref _count);

    public void Arrived(string id)
    {
        if (id == Volatile.Read(ref _id) && Interlocked.Increment(ref _count) == Volatile.Read(ref _expected))
        {
            _all.TrySetResult();
        }
    }
}
