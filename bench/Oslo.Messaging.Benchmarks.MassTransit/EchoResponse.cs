namespace Oslo.Messaging.Benchmarks.MassTransit;

/// <summary>The echo response.</summary>
public sealed record EchoResponse(string Payload);
