namespace Oslo.Messaging.RabbitMq.Tests.Faults;

/// <summary>Tests that break things on the broker (stop it, delete queues): never run in parallel with each other or
/// with the rest of this assembly. They also carry <c>[Trait("Category", "BrokerFaults")]</c>: stop_app takes the
/// broker away from every client, so a test run that shares the broker with other test assemblies should run these
/// on their own (<c>--filter Category=BrokerFaults</c>, after <c>--filter Category!=BrokerFaults</c>).</summary>
[CollectionDefinition("BrokerFaults", DisableParallelization = true)]
public sealed class BrokerFaultsCollection;
