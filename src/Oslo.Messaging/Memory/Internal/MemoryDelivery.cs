namespace Oslo.Messaging.Memory.Internal;

/// <summary>One message in a memory queue: its own copy of the body, as the wire would have, and its expiry timestamp (0 = none).</summary>
internal readonly record struct MemoryDelivery(byte[] Body, long ExpiresAt);
