namespace Oslo.Messaging.RabbitMq.Tests.Cluster;

/// <summary>A cluster fact of the long variant only: skipped, saying so, unless <c>OSLO_TEST_FULL=1</c>.</summary>
/// <remarks>Why: a rolling restart stops and starts all three nodes one after the other; each RabbitMQ CLI call and
/// node boot takes tens of seconds on a loaded 2-core machine, about ten minutes in all, too long for every CI run.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class FullClusterFactAttribute : FactAttribute
{
    public FullClusterFactAttribute()
    {
        if (!ClusterBroker.Full)
        {
            Skip = "long variant: runs with OSLO_TEST_FULL=1 (scripts/test.sh passes it through)";
        }
    }
}
