using Oslo.Messaging.Internal;

namespace Oslo.Messaging.Tests.Internal;

public sealed class MessageIdsTests
{
    [Fact]
    public void NewDashed_IsUuid4WithDashesAndUnique()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => MessageIds.NewDashed()).ToArray();

        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id));
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(4, Guid.Parse(id).Version));
    }
}
