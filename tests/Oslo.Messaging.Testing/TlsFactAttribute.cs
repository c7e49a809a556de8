namespace Oslo.Messaging.Testing;

/// <summary>A fact that needs the test broker's TLS listener (<see cref="TlsTestBroker"/>): skipped, with the reason and
/// the fix, when the environment does not provide it (a test project run by hand); scripts/test.sh always does.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class TlsFactAttribute : FactAttribute
{
    public TlsFactAttribute()
    {
        Skip = TlsTestBroker.MissingReason;
    }
}
