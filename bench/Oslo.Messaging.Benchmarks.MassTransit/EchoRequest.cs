namespace Oslo.Messaging.Benchmarks.MassTransit;

/// <summary>The echo request.</summary>
public sealed record EchoRequest(string Payload);
