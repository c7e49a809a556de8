namespace Oslo.Messaging.Internal;

/// <summary>The one place ids come from: uuid4 as 32 lowercase hex digits, as oslo's <c>uuid.uuid4().hex</c>.</summary>
internal static class MessageIds
{
    public static string New() => Guid.NewGuid().ToString("N");
}
