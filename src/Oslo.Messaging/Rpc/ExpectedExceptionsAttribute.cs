namespace Oslo.Messaging.Rpc;

/// <summary>
/// oslo's <c>expected_exceptions</c>: exceptions of these types (or derived) thrown by the method are part of its
/// contract. They still travel to the caller with their own type, but the server logs them at debug level, not as errors.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Interface, Inherited = true)]
public sealed class ExpectedExceptionsAttribute(params Type[] types) : Attribute
{
    /// <summary>The expected exception types.</summary>
    public IReadOnlyList<Type> Types { get; } = types;
}
