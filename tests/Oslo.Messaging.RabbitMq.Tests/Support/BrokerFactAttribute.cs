namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>A fact that needs the test broker and is skipped, with the reason, without one (most broker tests here
/// fail instead, see <see cref="TestBroker.Url"/>; this one runs a child process that would only repeat that error).</summary>
public sealed class BrokerFactAttribute : FactAttribute
{
    public BrokerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("OSLO_TEST_RABBIT_URL") is not { Length: > 0 })
        {
            Skip = "needs OSLO_TEST_RABBIT_URL (run scripts/test.sh, which starts a private RabbitMQ)";
        }
    }
}
