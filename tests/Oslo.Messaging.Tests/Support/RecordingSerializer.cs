using System.Collections.Concurrent;
using System.Text.Json;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Tests.Support;

/// <summary>
/// The default serializer with every hook recorded in call order. The context it returns from the context hooks is a
/// copy marked with <c>serialized</c>/<c>deserialized</c>, so a test can see which context each entity hook received.
/// </summary>
internal sealed class RecordingSerializer : RpcSerializer
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    public override void SerializeEntity(Utf8JsonWriter writer, RequestContext context, object? entity, Type declaredType)
    {
        _calls.Enqueue($"SerializeEntity({entity ?? "null"}){Marks(context)}");
        JsonRpcSerializer.Default.SerializeEntity(writer, context, entity, declaredType);
    }

    public override object? DeserializeEntity(RequestContext context, JsonElement entity, Type type)
    {
        _calls.Enqueue($"DeserializeEntity({entity.GetRawText()}){Marks(context)}");
        return JsonRpcSerializer.Default.DeserializeEntity(context, entity, type);
    }

    public override RequestContext SerializeContext(RequestContext context)
    {
        _calls.Enqueue("SerializeContext" + Marks(context));
        return new RequestContext(context).Set("serialized", true);
    }

    public override RequestContext DeserializeContext(RequestContext context)
    {
        _calls.Enqueue("DeserializeContext" + Marks(context));
        return new RequestContext(context).Set("deserialized", true);
    }

    private static string Marks(RequestContext context) =>
        (context.ContainsKey("serialized") ? " serialized-ctx" : "") + (context.ContainsKey("deserialized") ? " deserialized-ctx" : "");
}
