using System.Buffers;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Internal;

// A call's request whose confirm is not awaited: a file of its own to keep Publisher.cs readable.
internal sealed partial class Publisher
{
    /// <summary>How long a request refused after its send may be resent at most: its time to live (a call's timeout)
    /// when shorter. The call's own deadline ends the caller's wait in any case.</summary>
    private static readonly TimeSpan _resendWindow = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A call's request sent without waiting for its publisher confirm (docs/rabbitmq.md, "Direct reply-to"): the send
    /// ends once the request is written and the reply proves that it arrived. The broker's verdict still comes, and
    /// is acted on here, as the send loop would have: a confirm ends it; a <c>basic.return</c> fails the call with
    /// <see cref="MessageUndeliverableException"/>; a nack or a channel lost before the confirm sends the request again
    /// (same back-off and retry budget as the loop), unless the call has finished. Holds a copy of the body: the
    /// caller's pooled buffer is reused once the send returns, and the copy is what a return is compared with.
    /// </summary>
    private sealed class DetachedRequest : PipelinedChannel.IPublishVerdict
    {
        private const int Publishing = 0, HandedOver = 1, VerdictFirst = 2, Abandoned = 3;
        private readonly Publisher _owner;
        private readonly Destination _destination;
        private readonly Route _route;
        private readonly SendOptions _options;
        private readonly IPendingCall _call;
        private readonly RetryBudget? _budget;
        private readonly byte[] _copy;
        private readonly int _length;
        private PublishOutcome _early;
        private int _state;

        public DetachedRequest(Publisher owner, Destination destination, Route route, ReadOnlyMemory<byte> body, SendOptions options, IPendingCall call,
            RetryBudget? budget)
        {
            _owner = owner;
            _destination = destination;
            _route = route;
            _options = options;
            _call = call;
            _budget = budget;
            _length = body.Length;
            _copy = ArrayPool<byte>.Shared.Rent(body.Length);
            body.Span.CopyTo(_copy);
        }

        public ReadOnlyMemory<byte> Body => _copy.AsMemory(0, _length);

        /// <summary>The broker's verdict (on RabbitMQ.Client's dispatch loop, or the thread closing the channel).</summary>
        public void OnVerdict(PublishOutcome outcome)
        {
            _early = outcome; // published by the exchange below
            if (Interlocked.CompareExchange(ref _state, VerdictFirst, Publishing) == HandedOver)
            {
                Act(outcome);
            }
        }

        /// <summary>The publish was written and the send ends: the verdict, whenever it comes, is acted on here.</summary>
        public void HandOver()
        {
            if (Interlocked.CompareExchange(ref _state, HandedOver, Publishing) == VerdictFirst)
            {
                Act(_early);
            }
        }

        /// <summary>The publish was not written (or failed while written): the send loop goes on with the caller's
        /// body, and the channel no longer holds this one.</summary>
        public void Abandon()
        {
            Interlocked.Exchange(ref _state, Abandoned);
            ArrayPool<byte>.Shared.Return(_copy);
        }

        private void Act(PublishOutcome outcome)
        {
            if (outcome.Kind == PublishOutcomeKind.Confirmed)
            {
                ArrayPool<byte>.Shared.Return(_copy);
                return;
            }

            // Off the dispatch loop: a resend waits for back-off and the broker.
            _ = Task.Run(() => RefusedAsync(outcome));
        }

        private async Task RefusedAsync(PublishOutcome outcome)
        {
            try
            {
                if (_call.IsFinished)
                {
                    return; // answered (the broker's verdict came late) or given up: sending again would run it twice
                }

                if (outcome.Kind == PublishOutcomeKind.Returned)
                {
                    _call.Fail(new MessageUndeliverableException(_route.Exchange, _route.RoutingKey, $"{outcome.ReplyCode} {outcome.ReplyText}".Trim()));
                    return;
                }

                var budget = _budget ?? new RetryBudget(_options.Retry);
                var error = new MessageDeliveryFailureException(outcome.ToString());
                if (!budget.TryConsume(error))
                {
                    _call.Fail(_owner.Failure(_destination, budget, error));
                    return;
                }

                var delay = _owner.RetryDelay(outcome.Kind, budget.Failures);
                RabbitMqLog.SendRetry(_owner._logger, _destination.ToString(), outcome.ToString(), delay.TotalSeconds);
                var window = _options.TimeToLive ?? _resendWindow;
                using var deadline = new CancellationTokenSource(window < _resendWindow ? window : _resendWindow, _owner._time);
                try
                {
                    if (delay > TimeSpan.Zero)
                    {
                        await Task.Delay(delay, _owner._time, deadline.Token).ConfigureAwait(false);
                    }

                    if (!_call.IsFinished)
                    {
                        await _owner.SendCoreAsync(_destination, Body, _options, budget, deadline.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException ex) when (deadline.IsCancellationRequested)
                {
                    _call.Fail(new MessageDeliveryFailureException(
                        $"Could not send to {_destination} within {window.TotalSeconds:0.###} s ({outcome} before the reply)", ex));
                }
            }
            catch (Exception ex)
            {
                _call.Fail(ex); // the error the send would have thrown
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(_copy);
            }
        }
    }
}
