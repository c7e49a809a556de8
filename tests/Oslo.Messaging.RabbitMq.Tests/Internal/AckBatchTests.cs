using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Oslo.Messaging.RabbitMq.Internal;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Tests.Internal;

/// <summary>Batched acknowledgements of a channel that acknowledges on receipt (docs/rabbitmq.md, "Connections,
/// channels, acknowledgements"), against a channel that records its <c>basic.ack</c>s; the idle flush is run by hand.</summary>
public sealed class AckBatchTests
{
    [Theory]
    [InlineData(128, 8)]
    [InlineData(0, 8)] // unlimited prefetch
    [InlineData(10, 5)]
    [InlineData(2, 1)]
    [InlineData(1, 1)]
    public void Limit_HalfThePrefetchAtMostEight(ushort prefetch, int limit) =>
        Assert.Equal(limit, new AckBatch(RecordingChannel.Create(out _), prefetch, "q", NullLogger.Instance, _ => { }).Limit);

    [Fact]
    public async Task FewerThanTheLimit_SentWhenIdle_AsOneMultipleAckOfTheLastTag()
    {
        var idle = new List<IThreadPoolWorkItem>();
        var batch = new AckBatch(RecordingChannel.Create(out var acks), 128, "q", NullLogger.Instance, idle.Add);

        for (ulong tag = 1; tag <= 3; tag++)
        {
            await batch.AckAsync(tag);
        }

        Assert.Empty(acks);
        Assert.Equal(3, batch.Pending);
        var flush = Assert.Single(idle); // one idle flush per batch, queued by its first delivery
        flush.Execute();
        Assert.Equal([(3ul, true)], acks);
        Assert.Equal(0, batch.Pending);
    }

    [Fact]
    public async Task LimitReached_SentAtOnce_TheIdleFlushFindsNothing()
    {
        var idle = new List<IThreadPoolWorkItem>();
        var batch = new AckBatch(RecordingChannel.Create(out var acks), 128, "q", NullLogger.Instance, idle.Add);

        for (ulong tag = 1; tag <= 8; tag++)
        {
            await batch.AckAsync(tag);
        }

        Assert.Equal([(8ul, true)], acks);
        Assert.Single(idle).Execute();
        Assert.Equal([(8ul, true)], acks);
    }

    [Fact]
    public async Task Hole_PendingSentFirst_ThenEveryAckAlone()
    {
        var idle = new List<IThreadPoolWorkItem>();
        var batch = new AckBatch(RecordingChannel.Create(out var acks), 128, "q", NullLogger.Instance, idle.Add);

        await batch.AckAsync(1);
        await batch.AckAsync(2);
        await batch.HoleAsync(); // tag 3 stays unacknowledged: no later multiple ack may cover it
        await batch.AckAsync(4);
        await batch.AckAsync(5);
        foreach (var flush in idle)
        {
            flush.Execute();
        }

        Assert.Equal([(2ul, true), (4ul, false), (5ul, false)], acks);
    }

    [Fact]
    public async Task ChannelClosed_NothingSent_TheBrokerRequeuesInstead()
    {
        var idle = new List<IThreadPoolWorkItem>();
        var channel = RecordingChannel.Create(out var acks);
        var batch = new AckBatch(channel, 128, "q", NullLogger.Instance, idle.Add);
        await batch.AckAsync(1);
        await batch.AckAsync(2);

        ((RecordingChannel)(object)channel).Open = false;
        Assert.Single(idle).Execute();

        Assert.Empty(acks);
        Assert.Equal(0, batch.Pending);
    }

    /// <summary>An <see cref="IChannel"/> that records <c>basic.ack</c> and answers <c>IsOpen</c>; anything else throws.</summary>
    public class RecordingChannel : DispatchProxy
    {
        public List<(ulong Tag, bool Multiple)> Acks { get; } = [];

        public bool Open { get; set; } = true;

        public static IChannel Create(out List<(ulong Tag, bool Multiple)> acks)
        {
            var channel = Create<IChannel, RecordingChannel>();
            acks = ((RecordingChannel)(object)channel).Acks;
            return channel;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            "get_IsOpen" => Open,
            nameof(IChannel.BasicAckAsync) => Record((ulong)args![0]!, (bool)args[1]!),
            _ => throw new NotSupportedException(targetMethod?.Name),
        };

        private object Record(ulong tag, bool multiple)
        {
            lock (Acks)
            {
                Acks.Add((tag, multiple));
            }

            return default(ValueTask); // completed: the ack is written
        }
    }
}
