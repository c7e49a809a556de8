namespace Oslo.Messaging.Exceptions;

/// <summary>
/// A remote exception whose type is not in the client's allow-list (see <see cref="RemoteExceptionRegistry"/>):
/// carries the remote class name, message and traceback instead of recreating the type.
/// </summary>
[WireIdentity("oslo_messaging.rpc.client", "RemoteError")]
public sealed class RemoteErrorException : MessagingException
{
    /// <summary>Creates the exception from the three parts oslo's <c>RemoteError</c> has.</summary>
    public RemoteErrorException(string? excType, string? value, IReadOnlyList<string>? traceback)
        : base($"Remote error: {excType} {value}\n{string.Concat(traceback ?? [])}.")
    {
        ExcType = excType;
        Value = value;
        Traceback = traceback ?? [];
    }

    /// <summary>The remote exception's class name, e.g. <c>ValueError</c> or <c>NoSuchMethod</c>.</summary>
    public string? ExcType { get; }

    /// <summary>The remote exception's message.</summary>
    public string? Value { get; }

    /// <summary>The remote traceback lines.</summary>
    public IReadOnlyList<string> Traceback { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<object?> WireArgs => [ExcType, Value, Traceback];
}
