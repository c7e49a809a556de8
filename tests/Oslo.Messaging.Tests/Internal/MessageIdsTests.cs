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

    [Fact]
    public void New_OverSeveralBatches_IsUuid4HexAndUnique()
    {
        // 64 ids come from one read of the random source: 1,000 ids read it 16 times, on every thread that asks.
        var ids = Enumerable.Range(0, 4).AsParallel().SelectMany(_ => Enumerable.Range(0, 1_000).Select(_ => MessageIds.New())).ToArray();

        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$", id));
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }
}
