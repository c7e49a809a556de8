using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Oslo.Messaging.Notify;
using Oslo.Messaging.Notify.Internal;
using Oslo.Messaging.Serialization;
using Oslo.Messaging.Tests.Support;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Hardening;

/// <summary>
/// Property-based, as <see cref="DecoderPropertyTests"/> for RPC: random, mutated and hostile notification bodies never
/// make the notification decoder throw (each gives a notification or a problem to log), every body the intake takes
/// is either handed on or acknowledged at once, the processor settles every notification whatever its payload, and a
/// running listener fed such bodies keeps delivering good notifications.
/// </summary>
public sealed class NotificationDecoderPropertyTests
{
    private const int Iterations = 2_000;

    private const string V1 = """
        {"message_id": "2a4e9c56-4c39-4f8c-9f0e-8fe0d1d8a301", "publisher_id": "compute.host1", "event_type": "compute.instance.create.end", "priority": "INFO", "payload": {"instance_id": 12, "state": "active"}, "timestamp": "2026-11-30 12:00:00.123456", "_unique_id": "9f3e", "_context_user_id": "alice", "_context_roles": ["admin"], "_context_is_admin": true}
        """;

    private static readonly string V2 = Replies.Envelope(V1.Trim());

    private static readonly string[] Hazards =
    [
        "NaN", "Infinity", "-Infinity", "\\ud800", "\\udc00", "\\ud83d\\ude00", "1e400", "\"", "{", "}", "[", "]", ",", ":",
        "null", "true", "\\", "\\u12", new string('[', 300), "\u0000", "\"priority\"", "\"LOUD\"", "\"_context_\"",
    ];

    private static readonly Gen<string> FieldName = Gen.OneOf<string>(
        "message_id", "publisher_id", "event_type", "priority", "payload", "timestamp", "_unique_id", "_context_user_id",
        "_context_roles", "_context_", "_context_client_timeout", "oslo.version", "oslo.message", "x");

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.OneOf<string>("null", "true", "false", "NaN", "1e300", "-5", "0", "1.5", "\"INFO\"", "\"info\"", "\"sample\"", "\"\\ud800\"", "\"\"", "[]", "{}", "{\"id\": []}"),
        Gen.String[0, 20].Select(s => JsonSerializer.Serialize(s)));

    private static readonly Gen<string> MessageObject = Gen.Select(FieldName, Scalar).Array[0, 10]
        .Select(fields => "{" + string.Join(", ", fields.Select(f => $"\"{f.Item1}\": {f.Item2}")) + "}");

    private static readonly Gen<byte[]> Mutated = Gen.Select(Gen.OneOf<string>(V1, V2), Gen.Int[0, 1000], Gen.Int[0, 3], Gen.OneOf<string>(Hazards))
        .Select(x =>
        {
            var (vector, position, kind, hazard) = x;
            var at = position % (vector.Length + 1);
            var text = kind switch
            {
                0 => vector.Insert(at, hazard),
                1 => vector[..at],
                2 => at < vector.Length ? vector.Remove(at, 1).Insert(at, hazard) : vector + hazard,
                _ => vector.Replace("a", hazard, StringComparison.Ordinal),
            };
            return Encoding.UTF8.GetBytes(text);
        });

    private static readonly Gen<byte[]> Hostile = Gen.OneOf(
        Gen.Byte.Array[0, 256],
        Mutated,
        MessageObject.Select(json => Encoding.UTF8.GetBytes(Replies.Envelope(json))),
        MessageObject.Select(json => Encoding.UTF8.GetBytes(json)));

    private static void AssertDecodes(byte[] body, RpcSerializer serializer)
    {
        var decoded = NotificationDecoder.Decode(body, serializer);

        Assert.True(decoded.Notification is null != (decoded.Problem is null), "exactly one of notification and problem");
        if (decoded.Problem is { } problem)
        {
            Assert.False(string.IsNullOrWhiteSpace(problem));
        }
        else
        {
            Assert.True(Enum.IsDefined(decoded.Notification!.Priority));
            Assert.NotNull(decoded.Notification.Context);
        }
    }

    [Fact]
    public void Decoder_Vectors_Decode()
    {
        foreach (var vector in new[] { V1, V2 })
        {
            var decoded = NotificationDecoder.Decode(Encoding.UTF8.GetBytes(vector), JsonRpcSerializer.Default);
            Assert.Equal(("compute.host1", "alice"), (decoded.Notification!.PublisherId, decoded.Notification.Context.UserId));
        }
    }

    [Fact]
    public void Decoder_RandomBytes_NeverThrows() =>
        Gen.Byte.Array[0, 256].Sample(body => AssertDecodes(body, JsonRpcSerializer.Default), iter: Iterations);

    [Fact]
    public void Decoder_MutatedVectors_NeverThrows() =>
        Mutated.Sample(body => AssertDecodes(body, JsonRpcSerializer.Default), iter: Iterations);

    [Fact]
    public void Decoder_RandomObjects_EnvelopedOrNot_NeverThrows() =>
        MessageObject.Sample(json =>
        {
            AssertDecodes(Encoding.UTF8.GetBytes(json), JsonRpcSerializer.Default);
            AssertDecodes(Encoding.UTF8.GetBytes(Replies.Envelope(json)), JsonRpcSerializer.Default);
        }, iter: Iterations);

    [Fact]
    public void Decoder_SerializerThrowsOnContext_ReportsAProblem() =>
        Hostile.Sample(body => AssertDecodes(body, new ThrowingSerializer()), iter: Iterations / 4);

    [Fact]
    public void Intake_HostileBodies_EachHandedOnOrAcknowledgedNeverThrows() =>
        Hostile.Sample(body =>
        {
            var forwarded = 0;
            var intake = new NotificationIntake((_, _) =>
            {
                forwarded++;
                return ValueTask.CompletedTask;
            }, JsonRpcSerializer.Default, maxConcurrency: 1, batchSize: 1, NullLogger.Instance);
            var settlement = new CountingSettlement();

            var handled = intake.HandleAsync(new IncomingMessage(body, "application/json", "q"), settlement, CancellationToken.None);

            Assert.True(handled.IsCompletedSuccessfully);
            Assert.Equal(1, forwarded + settlement.Count);
            Assert.True(settlement.Count == 0 || settlement.Last == DeliveryOutcome.Acknowledge);
        }, iter: Iterations);

    [Fact]
    public void Processor_DecodableHostileNotifications_AlwaysSettledNeverThrows()
    {
        var methods = new object[] { new TypedEndpoint(), new FilteredJsonEndpoint() }
            .SelectMany(e => NotificationEndpointMethod.Describe(e))
            .GroupBy(d => d.Priority).ToDictionary(g => g.Key, g => g.Select(d => d.Method).ToArray());
        var processor = new NotificationProcessor(methods, activator: null, JsonRpcSerializer.Default, allowRequeue: true, NullLogger.Instance);
        // A body that does not decode stands in as the valid v2 notification: filtering them out with Where made
        // CsCheck give up ("Failing Where max count") on seeds where too many bodies in a row did not decode.
        var valid = NotificationDecoder.Decode(Encoding.UTF8.GetBytes(V2), JsonRpcSerializer.Default).Notification
            ?? throw new InvalidOperationException("the valid v2 notification does not decode");
        Hostile.Select(body => NotificationDecoder.Decode(body, JsonRpcSerializer.Default).Notification ?? valid)
            .Sample(notification =>
            {
                var settlement = new CountingSettlement();
                var work = new[] { new PendingNotification(notification!, settlement) };

                Assert.True(processor.ProcessOneAsync(work).IsCompletedSuccessfully);
                Assert.True(processor.ProcessBatchAsync([new PendingNotification(notification!, settlement)]).IsCompletedSuccessfully);
                Assert.Equal(2, settlement.Count);
            }, iter: Iterations);
    }

    [Fact]
    public async Task Listener_FedHostileBodies_KeepsDeliveringGoodNotifications()
    {
        await using var transport = await Transport.CreateAsync("memory://");
        var received = System.Threading.Channels.Channel.CreateUnbounded<string?>();
        var endpoint = new GoodOnly(received);
        await using var listener = new NotificationListener(transport, [new Target("hostile")], [endpoint],
            new NotificationListenerOptions { AllowRequeue = true, Executor = Oslo.Messaging.Rpc.RpcExecutor.Pooled(4) });
        await listener.StartAsync();
        var notifier = new Notifier(transport, new NotifierOptions { Topics = ["hostile"], ThrowOnSendFailure = true });
        var round = 0;

        await Hostile.SampleAsync(async body =>
        {
            await transport.Driver.SendAsync(Destination.ToNotification(null, "hostile.info"), body, new SendOptions(), CancellationToken.None);
            if (++round % 50 == 0)
            {
                await notifier.InfoAsync(null, "good" + round, new { round });
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                string? got;
                do
                {
                    got = await received.Reader.ReadAsync(deadline.Token);
                }
                while (got != "good" + round); // hostile bodies that happen to decode arrive too
            }
        }, iter: 500, threads: 1);

        Assert.True(listener.IsRunning);
    }

    private sealed class ThrowingSerializer : RpcSerializer
    {
        public override void SerializeEntity(Utf8JsonWriter writer, RequestContext context, object? entity, Type declaredType) =>
            JsonRpcSerializer.Default.SerializeEntity(writer, context, entity, declaredType);

        public override object? DeserializeEntity(RequestContext context, JsonElement entity, Type type) =>
            JsonRpcSerializer.Default.DeserializeEntity(context, entity, type);

        public override RequestContext DeserializeContext(RequestContext context) =>
            context.UserId == "alice" ? throw new InvalidOperationException("no alice here") : context;
    }

    private sealed class CountingSettlement : IMessageSettlement
    {
        public int Count { get; private set; }

        public DeliveryOutcome? Last { get; private set; }

        public ValueTask SettleAsync(DeliveryOutcome outcome)
        {
            Count++;
            Last = outcome;
            return ValueTask.CompletedTask;
        }
    }

    private sealed record Instance(int InstanceId, string State);

    private sealed class TypedEndpoint
    {
        public void Info(RequestContext c, string? p, string? e, Instance payload, NotificationMetadata m) => _ = payload.State.Length;
    }

    private sealed class FilteredJsonEndpoint : IFilteredNotificationEndpoint
    {
        public NotificationFilter Filter { get; } = new(eventType: "compute\\.", payload: new Dictionary<string, string> { ["state"] = "act" });

        public NotificationResult Info(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) =>
            payload.ValueKind == JsonValueKind.Object ? NotificationResult.Handled : NotificationResult.Requeue;
    }

    private sealed class GoodOnly(System.Threading.Channels.Channel<string?> received)
    {
        public void Info(RequestContext c, string? p, string? eventType, JsonElement payload, NotificationMetadata m) => received.Writer.TryWrite(eventType);
    }
}
