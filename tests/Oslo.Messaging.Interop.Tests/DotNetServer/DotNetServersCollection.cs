namespace Oslo.Messaging.Interop.Tests.DotNetServer;

/// <summary>The tests that call the shared .NET servers of <see cref="DotNetServersFixture"/> with the Python client.</summary>
[CollectionDefinition(Name)]
public sealed class DotNetServersCollection : ICollectionFixture<DotNetServersFixture>
{
    public const string Name = ".NET servers called from Python";
}
