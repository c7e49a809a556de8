namespace Oslo.Messaging.Testing;

/// <summary>An application exception the conformance endpoints throw; travels as <c>Oslo.Messaging.Testing.ConformanceException</c>.</summary>
public sealed class ConformanceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConformanceException(string message)
        : base(message)
    {
    }
}
