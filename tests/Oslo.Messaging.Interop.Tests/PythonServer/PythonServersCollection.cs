namespace Oslo.Messaging.Interop.Tests.PythonServer;

/// <summary>The tests that call the shared Python servers of <see cref="PythonServersFixture"/> (started once for all of them).</summary>
[CollectionDefinition(Name)]
public sealed class PythonServersCollection : ICollectionFixture<PythonServersFixture>
{
    public const string Name = "Python oslo.messaging servers";
}
