using System.Threading.Tasks.Sources;

namespace Oslo.Messaging.RabbitMq.Internal;

// The pending publish: a file of its own to keep PipelinedChannel.cs readable.
internal sealed partial class PipelinedChannel
{
    /// <summary>Where the verdict of a publish nobody waits for goes (a call's request, see <see cref="PublishAsync"/>).</summary>
    /// <remarks>Called on RabbitMQ.Client's dispatch loop or a closing thread, once: must not block.</remarks>
    internal interface IPublishVerdict
    {
        void OnVerdict(PublishOutcome outcome);
    }

    /// <summary>One publish waiting for its confirm; <see cref="Route"/> is set for mandatory ones (they may be returned).</summary>
    /// <remarks>The wait itself, awaited once: a <see cref="TaskCompletionSource{TResult}"/> and
    /// <c>Task.WaitAsync(token)</c> allocated a source, a task and a cancellation promise per publish
    /// (bench/results/NOTES.md). Continuations run asynchronously: the confirm arrives on RabbitMQ.Client's dispatch
    /// loop, which must never run the caller's code. A cancelled wait removes the publish from its channel's pending
    /// ones itself, so the publish path needs no state machine around the wait.</remarks>
    private sealed class Pending(PipelinedChannel owner, Route? route, ReadOnlyMemory<byte> body, IPublishVerdict? detached) : IValueTaskSource<PublishOutcome>
    {
        private ManualResetValueTaskSourceCore<PublishOutcome> _core = new() { RunContinuationsAsynchronously = true };
        private CancellationTokenRegistration _cancellation;
        private int _completed;

        public Route? Route { get; } = route;

        public ReadOnlyMemory<byte> Body { get; } = body;

        public PublishOutcome? Returned { get; set; }

        public ulong Tag { get; set; }

        /// <summary>The first verdict wins (a confirm, a channel closing and a cancellation may race).</summary>
        public bool TrySetResult(PublishOutcome outcome)
        {
            if (Interlocked.Exchange(ref _completed, 1) != 0)
            {
                return false;
            }

            if (detached is not null)
            {
                detached.OnVerdict(outcome); // nobody waits on the core
                return true;
            }

            _core.SetResult(outcome);
            return true;
        }

        /// <summary>The broker's verdict, or <see cref="OperationCanceledException"/> once <paramref name="cancellationToken"/>
        /// is cancelled (at once if it is already). Awaited once.</summary>
        public ValueTask<PublishOutcome> WaitAsync(CancellationToken cancellationToken)
        {
            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((Pending)state!).TryCancel(token), this);
            }

            return new ValueTask<PublishOutcome>(this, _core.Version);
        }

        PublishOutcome IValueTaskSource<PublishOutcome>.GetResult(short token)
        {
            _cancellation.Dispose(); // the wait has ended: no callback on the caller's token is left behind
            return _core.GetResult(token);
        }

        ValueTaskSourceStatus IValueTaskSource<PublishOutcome>.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource<PublishOutcome>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        private void TryCancel(CancellationToken token)
        {
            if (Interlocked.Exchange(ref _completed, 1) == 0)
            {
                owner.Forget(Tag);
                _core.SetException(new OperationCanceledException(token));
            }
        }
    }
}
