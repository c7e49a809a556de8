using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting.Tests.Support;

[RpcEndpoint(Version = "1.0")]
public sealed class Calculator
{
    public int Add(RequestContext context, int a, int b) => a + b;
}

/// <summary>A per-request service that records its creation and disposal.</summary>
public sealed class UnitOfWork(WorkLog log) : IAsyncDisposable
{
    public int Id { get; } = log.Created();

    public ValueTask DisposeAsync()
    {
        log.Disposed(Id);
        return ValueTask.CompletedTask;
    }
}

public sealed class WorkLog
{
    private readonly SemaphoreSlim _disposals = new(0);
    private readonly List<int> _disposed = [];
    private int _next;

    public int Created() => Interlocked.Increment(ref _next);

    public void Disposed(int id)
    {
        lock (_disposed)
        {
            _disposed.Add(id);
        }

        _disposals.Release();
    }

    /// <summary>Waits for <paramref name="count"/> disposals and returns the disposed ids in order.</summary>
    public async Task<int[]> WaitDisposedAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await _disposals.WaitAsync(TestHosts.Wait), $"only {i} of {count} scoped services were disposed");
        }

        lock (_disposed)
        {
            return [.. _disposed.Order()];
        }
    }
}

/// <summary>Depends on a scoped service and on the request's context.</summary>
[RpcEndpoint(Version = "1.0")]
public sealed class Orders(UnitOfWork work, RequestContext context, RequestContextAccessor accessor)
{
    public int UnitOfWork(RequestContext ctx) => work.Id;

    public string? User(RequestContext ctx) => ReferenceEquals(accessor.Context, ctx) ? context.UserId : "accessor differs";
}

public sealed class MissingDatabaseException(string message) : Exception(message);

[RpcEndpoint(Namespace = "broken", Version = "1.0")]
public sealed class BrokenEndpoint
{
    public BrokenEndpoint() => throw new MissingDatabaseException("the database is not configured");

    public int Anything(RequestContext context) => 1;
}

/// <summary>Its calls wait for the test to open the gate.</summary>
[RpcEndpoint(Version = "1.0")]
public sealed class Slow(Gate gate)
{
    public async Task<string> Work(RequestContext context, string name)
    {
        gate.Entered();
        await gate.Opened;
        return "done " + name;
    }
}

/// <summary>Disposing opens it, so a failing test does not leave requests blocked (and the host's disposal waiting for them).</summary>
public sealed class Gate : IDisposable
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _entered = new(0);

    public Task Opened => _open.Task;

    public void Entered() => _entered.Release();

    public void Open() => _open.TrySetResult();

    public void Dispose() => Open();

    public async Task WaitEnteredAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await _entered.WaitAsync(TestHosts.Wait), $"only {i} of {count} calls reached the endpoint");
        }
    }
}

/// <summary>A typed client: the application injects this, never the transport.</summary>
public sealed class CalculatorClient(RpcClient client)
{
    public Task<int> AddAsync(int a, int b) => client.CallAsync<int>(new RequestContext(), "add", new { a, b });
}
