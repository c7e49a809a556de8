using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Oslo.Messaging.RabbitMq.Internal;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Tests.Publishing;

/// <summary>A declare the broker does not answer (a cluster holds up every declare while one of its nodes hangs,
/// paused but not yet given up, for up to net_ticktime) must not keep a caller past its deadline. Regression: a call
/// and a cast were counted hung (15 s against a 10 s deadline) in the paused-node cluster test, after direct reply-to
/// lost its send channel: the first publish on the new channel declared the exchange, holding the publish lock and
/// ignoring its caller's cancellation until the broker answered.</summary>
public sealed class StalledDeclareTests
{
    private static readonly Route _route = new("nova", "compute", new ExchangeSpec("nova", "topic", Durable: false, AutoDelete: false));

    [Fact]
    public async Task PublishAsync_DeclareNotAnswered_CallerStopsWaitingAtItsDeadline()
    {
        var broker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var channel = FakeChannel.Create(broker.Task);
        await using var pipelined = await PipelinedChannel.OpenAsync(FakeConnection.Create(channel), RabbitSettings.Defaults, NullLogger.Instance, CancellationToken.None);

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var publish = pipelined.PublishAsync(_route, mandatory: false, timeToLive: null, "{}"u8.ToArray(), compression: null, directReplies: null, detached: null, deadline.Token).AsTask();
        // Generous: the deadline is 0.3 s; without the fix the publish waits for the broker (here: forever).
        var ended = await Task.WhenAny(publish, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.Same(publish, ended);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish);
        Assert.Equal(0, Proxy(channel).Published);
        Assert.True(pipelined.IsUsable, "the channel stays in use: the declare is still on its way");

        // The broker answers later: the declare completes in the background, and the next publish does not declare again.
        broker.SetResult();
        using var second = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            pipelined.PublishAsync(_route, mandatory: false, timeToLive: null, "{}"u8.ToArray(), null, null, null, second.Token).AsTask()); // no confirm from a fake
        Assert.Equal(1, Proxy(channel).Declares);
        Assert.Equal(1, Proxy(channel).Published);
    }

    private static FakeChannel Proxy(IChannel channel) => (FakeChannel)(object)channel;

    /// <summary>An <see cref="IConnection"/> that hands out one channel.</summary>
    public class FakeConnection : DispatchProxy
    {
        private IChannel? _channel;

        public static IConnection Create(IChannel channel)
        {
            var connection = DispatchProxy.Create<IConnection, FakeConnection>();
            ((FakeConnection)(object)connection)._channel = channel;
            return connection;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            nameof(IConnection.CreateChannelAsync) => Task.FromResult(_channel!),
            "get_IsOpen" => true,
            _ => Defaults.For(targetMethod?.ReturnType),
        };
    }

    /// <summary>An open <see cref="IChannel"/> whose exchange declares complete when the fake broker answers; it counts
    /// declares and publishes and never confirms.</summary>
    public class FakeChannel : DispatchProxy
    {
        private Task _answer = Task.CompletedTask;
        private int _declares;
        private int _published;
        private ulong _sequence;

        public int Declares => Volatile.Read(ref _declares);

        public int Published => Volatile.Read(ref _published);

        public static IChannel Create(Task answer)
        {
            var channel = DispatchProxy.Create<IChannel, FakeChannel>();
            ((FakeChannel)(object)channel)._answer = answer;
            return channel;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case nameof(IChannel.ExchangeDeclareAsync):
                    Interlocked.Increment(ref _declares);
                    return _answer;
                case nameof(IChannel.BasicPublishAsync):
                    Interlocked.Increment(ref _published);
                    return ValueTask.CompletedTask;
                case nameof(IChannel.GetNextPublishSequenceNumberAsync):
                    return new ValueTask<ulong>(Interlocked.Increment(ref _sequence));
                case "get_IsOpen":
                    return true;
                default:
                    return Defaults.For(targetMethod?.ReturnType);
            }
        }
    }

    private static class Defaults
    {
        public static object? For(Type? type) =>
            type is null || type == typeof(void) ? null
            : type == typeof(Task) ? Task.CompletedTask
            : type == typeof(ValueTask) ? ValueTask.CompletedTask
            : type.IsValueType ? Activator.CreateInstance(type)
            : null;
    }
}
