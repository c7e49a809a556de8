namespace Oslo.Messaging.RabbitMq.Tests.Faults;

/// <summary>Tests that break things on the broker (restart it, delete queues): never run in parallel with each other.</summary>
[CollectionDefinition("BrokerFaults", DisableParallelization = true)]
public sealed class BrokerFaultsCollection;
