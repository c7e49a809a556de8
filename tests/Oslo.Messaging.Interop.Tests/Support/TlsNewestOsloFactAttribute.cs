using Oslo.Messaging.Testing;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>A fact that needs the test broker's TLS listener and oslo.messaging 18.1.0: skipped, saying which is missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class TlsNewestOsloFactAttribute : FactAttribute
{
    public TlsNewestOsloFactAttribute()
    {
        Skip = TlsTestBroker.MissingReason ?? NewestOslo.MissingReason;
    }
}
