using Microsoft.Extensions.Logging;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Rpc;

/// <summary>
/// The pooled executor starts a request on the transport's consumer when it has a free slot (docs/rabbitmq.md,
/// "Requests start on the consumer"): the recording driver's delivery is that consumer, so what ran inline is done
/// (or has yielded) by the time the delivery returns.
/// </summary>
public sealed class RpcServerInlineTests : IAsyncLifetime
{
    private readonly RecordingDriver _driver = new();
    private readonly CapturingLoggerFactory _logs = new();
    private readonly Gated _gated = new();
    private Transport _transport = null!;

    public sealed class Gated
    {
        private int _running;
        private int _entered;

        public TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ManualResetEventSlim SyncGate { get; } = new();

        public int MaxRunning { get; private set; }

        public int Entered => Volatile.Read(ref _entered);

        public int? EndpointThread { get; private set; }

        public int Add(RequestContext context, int a, int b)
        {
            EndpointThread = Environment.CurrentManagedThreadId;
            return a + b;
        }

        public void Fail(RequestContext context) => throw new InvalidOperationException("endpoint says no");

        public async Task<int> Wait(RequestContext context)
        {
            lock (this)
            {
                _running++;
                MaxRunning = Math.Max(MaxRunning, _running);
            }

            Interlocked.Increment(ref _entered);
            try
            {
                await Gate.Task;
                return 1;
            }
            finally
            {
                lock (this)
                {
                    _running--;
                }
            }
        }

        /// <summary>Holds its thread: sleeps, or (<paramref name="milliseconds"/> = -1) waits for <see cref="SyncGate"/>.</summary>
        public int Hold(RequestContext context, int milliseconds)
        {
            if (milliseconds < 0)
            {
                SyncGate.Wait(TimeSpan.FromSeconds(30));
            }
            else
            {
                Thread.Sleep(milliseconds);
            }

            return milliseconds;
        }
    }

    public async Task InitializeAsync() => _transport = await RecordingDriver.CreateTransportAsync(_driver, new TransportOptions { LoggerFactory = _logs });

    public async Task DisposeAsync()
    {
        _gated.Gate.TrySetResult();
        _gated.SyncGate.Set();
        await _transport.DisposeAsync();
    }

    private RpcServer Server(int maxConcurrency = 64) =>
        new(_transport, new Target("t", "s1"), [_gated], new RpcServerOptions { Executor = RpcExecutor.Pooled(maxConcurrency) });

    private static int _ids;

    private static string Call(string method, string args = "{}") =>
        Replies.Envelope($"{{\"method\": \"{method}\", \"args\": {args}, \"_msg_id\": \"{Interlocked.Increment(ref _ids):x32}\", \"_reply_q\": \"reply_abc\", \"_timeout\": null}}");

    [Fact]
    public async Task SyncEndpoint_RepliesOnTheConsumerBeforeTheDeliveryReturns()
    {
        await using var server = Server();
        await server.StartAsync();
        var consumerThread = Environment.CurrentManagedThreadId;

        var delivery = _driver.DeliverAsync(Call("add", "{\"a\": 1, \"b\": 2}"));

        Assert.True(delivery.IsCompletedSuccessfully);
        Assert.Equal(consumerThread, _gated.EndpointThread);
        Assert.True(_driver.TryTakeSent(out var reply));
        Assert.Equal(3, reply!.Message.GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task EndpointException_InlineStillBecomesAFailureReply()
    {
        await using var server = Server();
        await server.StartAsync();

        await _driver.DeliverAsync(Call("fail"));

        Assert.True(_driver.TryTakeSent(out var reply));
        Assert.Contains("endpoint says no", reply!.Message.GetProperty("failure").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsyncEndpointThatYields_DeliveryReturnsAndTheReplyFollows()
    {
        await using var server = Server();
        await server.StartAsync();

        var delivery = _driver.DeliverAsync(Call("wait"));

        Assert.True(delivery.IsCompletedSuccessfully); // the consumer is free while the endpoint awaits
        Assert.Equal(1, _gated.Entered);
        Assert.False(_driver.TryTakeSent(out _));
        _gated.Gate.SetResult();
        Assert.Equal(1, (await _driver.NextSentAsync()).Message.GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task InlineAndQueuedRequests_TogetherStayWithinTheExecutorsSize()
    {
        await using var server = Server(maxConcurrency: 2);
        await server.StartAsync();

        await _driver.DeliverAsync(Call("wait"));
        await _driver.DeliverAsync(Call("wait"));
        await _driver.DeliverAsync(Call("wait")); // no free slot: queued for a worker
        Assert.Equal(2, _gated.Entered);

        var first = _gated.Gate;
        _gated.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.SetResult(); // the two running end; the queued one starts on a worker
        await _driver.NextSentAsync();
        await _driver.NextSentAsync();
        await _driver.DeliverAsync(Call("wait")); // inline or queued, whichever is free

        await WaitUntilAsync(() => _gated.Entered == 4);
        Assert.Equal(2, _gated.MaxRunning);
        _gated.Gate.SetResult();
        await _driver.NextSentAsync();
        await _driver.NextSentAsync();
        Assert.Equal(2, _gated.MaxRunning);
    }

    [Fact]
    public async Task StopThenWait_WaitsForARequestStartedInline()
    {
        var server = Server();
        await server.StartAsync();
        await _driver.DeliverAsync(Call("wait"));
        Assert.Equal(1, _gated.Entered);

        await server.StopAsync();
        var wait = server.WaitAsync();
        await Task.Delay(100);
        Assert.False(wait.IsCompleted);
        Assert.False(_driver.TryTakeSent(out _));

        _gated.Gate.SetResult();
        await wait;
        Assert.True(_driver.TryTakeSent(out var reply)); // replied before the wait returned
        Assert.Equal(1, reply!.Message.GetProperty("result").GetInt32());
        await server.DisposeAsync();
    }

    [Fact]
    public async Task LongSynchronousEndpoint_GoesBackToTheWorkers()
    {
        await using var server = Server();
        await server.StartAsync();

        await _driver.DeliverAsync(Hold((int)InlinePace.LongRun.TotalMilliseconds + 10));
        await _driver.NextSentAsync();
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("Method hold held the consumer", StringComparison.Ordinal));

        // From now on a blocked "hold" runs on a worker: the delivery returns, and the next request is answered meanwhile.
        var blocked = Task.Run(async () => await _driver.DeliverAsync(Hold(-1)));
        Assert.Same(blocked, await Task.WhenAny(blocked, Task.Delay(TimeSpan.FromSeconds(10))));
        await _driver.DeliverAsync(Hold(0));
        Assert.Equal(0, (await _driver.NextSentAsync()).Message.GetProperty("result").GetInt32());
        _gated.SyncGate.Set();
        Assert.Equal(-1, (await _driver.NextSentAsync()).Message.GetProperty("result").GetInt32());
    }

    private static string Hold(int milliseconds) => Call("hold", $"{{\"milliseconds\": {milliseconds}}}");

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, deadline.Token);
        }
    }
}
