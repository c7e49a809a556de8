namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>A theory skipped, with the reason, when oslo.messaging 18.1.0 is not on this machine.</summary>
public sealed class NewestOsloTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> from <see cref="NewestOslo.MissingReason"/>.</summary>
    public NewestOsloTheoryAttribute()
    {
        Skip = NewestOslo.MissingReason;
    }
}
