namespace Oslo.Messaging.RabbitMq.Tests.Cluster;

/// <summary>Tests that crash, pause and restart nodes of the private three-node cluster
/// (<c>scripts/rabbitmq-cluster.sh</c>): one at a time, never beside each other. They carry
/// <c>[Trait("Category", "Cluster")]</c>; scripts/test.sh runs them in their own pass, against the cluster it starts.</summary>
[CollectionDefinition("Cluster", DisableParallelization = true)]
public sealed class ClusterCollection;
