using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Rpc;

/// <summary>The reply router's deadline sweep (one timer for all calls): each call times out at its own deadline, no
/// earlier, whatever order calls start in; cancellation and timeouts leave no waiter behind.</summary>
public sealed class RpcClientDeadlineTests : IAsyncLifetime
{
    private static readonly TimeSpan _bound = TimeSpan.FromSeconds(10);
    private readonly RecordingDriver _driver = new();
    private readonly ManualTimeProvider _time = new();
    private Transport _transport = null!;

    public async Task InitializeAsync() => _transport = await RecordingDriver.CreateTransportAsync(_driver, new TransportOptions { TimeProvider = _time });

    public async Task DisposeAsync() => await _transport.DisposeAsync();

    private RpcClient Client(TimeSpan timeout, TimeSpan? callMonitor = null) =>
        new(_transport, new Target("t"), new RpcClientOptions { Timeout = timeout, CallMonitorTimeout = callMonitor });

    private async Task<string> NextMsgIdAsync() => (await _driver.NextSentAsync()).Message.GetProperty("_msg_id").GetString()!;

    private async Task<ReplyRouter> RouterAsync() =>
        await _transport.GetReplyConsumerAsync<ReplyRouter>(() => throw new InvalidOperationException("no calls made yet"), CancellationToken.None);

    [Fact]
    public async Task CallAsync_ManyCallsWithMixedDeadlines_EachTimesOutAtItsOwnAndNoWaiterIsLeft()
    {
        // Longest first: each later call is due before the time the sweeper is armed for, so it must re-arm earlier.
        var calls = new List<(int Seconds, bool Monitored, Task<string> Call)>();
        for (var i = 0; i < 24; i++)
        {
            var seconds = 12 - (i % 12);
            var monitored = i % 3 == 0;
            var client = monitored ? Client(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(seconds)) : Client(TimeSpan.FromSeconds(seconds));
            calls.Add((seconds, monitored, client.CallAsync<string>(new RequestContext(), "m")));
            await NextMsgIdAsync();
        }

        var answered = Client(TimeSpan.FromSeconds(5)).CallAsync<string>(new RequestContext(), "m");
        await _driver.ReplyAsync(Replies.Result(await NextMsgIdAsync(), "\"on time\""));
        Assert.Equal("on time", await answered.WaitAsync(_bound));

        for (var second = 1; second <= 12; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
            Assert.All(calls.Where(c => c.Seconds >= second), c => Assert.False(c.Call.IsCompleted, $"{c.Seconds} s call ended early"));
            _time.Advance(TimeSpan.FromMilliseconds(1));
            foreach (var (_, monitored, call) in calls.Where(c => c.Seconds == second))
            {
                var error = await Assert.ThrowsAsync<MessagingTimeoutException>(() => call.WaitAsync(_bound));
                Assert.Contains(monitored ? $"no heartbeat within the call monitor timeout of {second} s" : $"(timeout {second} s", error.Message, StringComparison.Ordinal);
            }
        }

        Assert.Equal(0, (await RouterAsync()).Outstanding);
    }

    [Fact]
    public async Task CallAsync_CancelledWhileWaitingForTheReply_ThrowsWithTheCallersTokenAndLeavesNoWaiter()
    {
        using var cancel = new CancellationTokenSource();
        var call = Client(TimeSpan.FromSeconds(30)).CallAsync<string>(new RequestContext(), "m", cancellationToken: cancel.Token);
        var msgId = await NextMsgIdAsync();
        Assert.Equal(1, (await RouterAsync()).Outstanding);

        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(_bound));
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Equal(0, (await RouterAsync()).Outstanding);
        await _driver.ReplyAsync(Replies.Result(msgId, "\"late\"")); // dropped: nobody waits for it any more
        _time.Advance(TimeSpan.FromSeconds(30)); // the sweeper fires for a call that has gone: nothing to do
        Assert.Equal(0, (await RouterAsync()).Outstanding);
    }

    [Fact]
    public async Task CallAsync_TokenAlreadyCancelledAfterTheSend_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        _driver.OnSend = async (_, _) => await cancel.CancelAsync(); // cancelled once the request is out, before the wait
        var call = Client(TimeSpan.FromSeconds(30)).CallAsync<string>(new RequestContext(), "m", cancellationToken: cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(_bound));
        Assert.Equal(0, (await RouterAsync()).Outstanding);
    }

    [Fact]
    public async Task CallAsync_ReplyAfterTheSweeperArmed_CompletesAndTheLaterSweepLeavesOthersAlone()
    {
        var client = Client(TimeSpan.FromSeconds(10));
        var first = client.CallAsync<string>(new RequestContext(), "m");
        var firstId = await NextMsgIdAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        var second = client.CallAsync<string>(new RequestContext(), "m");
        await NextMsgIdAsync();
        await _driver.ReplyAsync(Replies.Result(firstId, "\"one\""));
        Assert.Equal("one", await first.WaitAsync(_bound));

        _time.Advance(TimeSpan.FromSeconds(5)); // the first call's deadline: the sweep finds the second not due yet
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<MessagingTimeoutException>(() => second.WaitAsync(_bound));
    }
}
