namespace Oslo.Messaging.Benchmarks.MassTransit;

/// <summary>The one-way message counted by the consumer.</summary>
public sealed record NoteMessage(string Payload);
