using System.Collections.Concurrent;
using System.Reflection;

namespace Oslo.Messaging.Exceptions;

/// <summary>
/// The allow-list of remote exception types a client recreates (oslo's <c>allowed_remote_exmods</c>, per type
/// rather than per module), and the wire identity a server gives each .NET exception type.
/// </summary>
/// <remarks>
/// A type is never created from a name that came over the wire except through a factory registered here;
/// everything else arrives as <see cref="RemoteErrorException"/>. Register before creating clients; lookups are thread-safe.
/// </remarks>
public sealed class RemoteExceptionRegistry
{
    /// <summary>The module of exception types declared in the global namespace: Python's name for a script's own module.</summary>
    public const string GlobalNamespaceModule = "__main__";

    private readonly ConcurrentDictionary<(string Module, string ClassName), Func<RemoteFailure, Exception>> _factories = new();
    private readonly ConcurrentDictionary<Type, (string Module, string ClassName)> _identities = new();

    /// <summary>
    /// Allows <typeparamref name="TException"/> under its wire identity (<see cref="WireIdentityAttribute"/>,
    /// else its .NET namespace and name; see <see cref="IdentityOf"/>), recreated by <paramref name="create"/>.
    /// </summary>
    public RemoteExceptionRegistry Register<TException>(Func<RemoteFailure, TException> create)
        where TException : Exception
    {
        var (module, className) = IdentityOf(typeof(TException));
        return Register(module, className, create);
    }

    /// <summary>
    /// Allows the remote type <paramref name="module"/>.<paramref name="className"/> (for example a Python
    /// <c>nova.exception</c> class), recreated as <typeparamref name="TException"/>; a server sending a
    /// <typeparamref name="TException"/> also uses this identity.
    /// </summary>
    public RemoteExceptionRegistry Register<TException>(string module, string className, Func<RemoteFailure, TException> create)
        where TException : Exception
    {
        ArgumentException.ThrowIfNullOrEmpty(module);
        ArgumentException.ThrowIfNullOrEmpty(className);
        ArgumentNullException.ThrowIfNull(create);
        _factories[(NormaliseModule(module), className)] = create;
        _identities[typeof(TException)] = (NormaliseModule(module), className);
        return this;
    }

    /// <summary>
    /// Allows the library's own exceptions that servers send (<see cref="NoSuchMethodException"/>,
    /// <see cref="UnsupportedVersionException"/>, <see cref="RpcArgumentException"/> for Python's TypeError, ...),
    /// as listing <c>oslo_messaging.rpc.dispatcher</c> in <c>allowed_remote_exmods</c> does.
    /// </summary>
    public RemoteExceptionRegistry AllowMessagingExceptions()
    {
        // The message is the same from both peers; the args are not: a Python server sends NoSuchMethod/UnsupportedVersion
        // with args [message] (their __init__ passes only the text to Exception), a .NET one args [method] / [version].
        Register(f => new NoSuchMethodException(MethodFromMessage(f.Message) ?? f.ArgString(0) ?? f.Message));
        Register(f => VersionFromMessage(f.Message) is { } parsed
            ? new UnsupportedVersionException(parsed.Version, parsed.Method)
            : new UnsupportedVersionException(f.ArgString(0) ?? "?", f.KwargString("method")));
        Register(f => new RpcArgumentException(f.Message));
        Register(f => new MessagingTimeoutException(f.Message));
        Register(f => new MessageDeliveryFailureException(f.Message));
        Register(f => new MessagingException(f.Message));
        return this;
    }

    /// <summary>
    /// The (module, class) a server sends for an exception of type <paramref name="type"/>: its registration, else its
    /// <see cref="WireIdentityAttribute"/>, else its .NET namespace and name. A type in the global namespace (a top-level
    /// program's own) has module <see cref="GlobalNamespaceModule"/>, as a Python script's own exceptions do.
    /// </summary>
    public (string Module, string ClassName) IdentityOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _identities.GetOrAdd(type, static t =>
        {
            var attribute = t.GetCustomAttribute<WireIdentityAttribute>(inherit: false);
            return attribute is not null
                ? (attribute.Module, attribute.ClassName)
                : (string.IsNullOrEmpty(t.Namespace) ? GlobalNamespaceModule : t.Namespace, t.Name);
        });
    }

    /// <summary>Recreates the exception if its (module, class) is registered; otherwise a <see cref="RemoteErrorException"/>.</summary>
    public Exception Create(RemoteFailure failure)
    {
        Exception exception;
        if (_factories.TryGetValue((NormaliseModule(failure.Module), failure.ClassName), out var create))
        {
            try
            {
                exception = create(failure);
            }
            catch (Exception factoryError)
            {
                // oslo falls back to RemoteError when the allowed type cannot be built; so do we.
                exception = new RemoteErrorException(failure.ClassName, failure.Message, failure.Traceback);
                exception.Data["oslo.factory_error"] = factoryError.Message;
            }
        }
        else
        {
            exception = new RemoteErrorException(failure.ClassName, failure.Message, failure.Traceback);
        }

        exception.Data[RemoteFailure.TracebackDataKey] = string.Concat(failure.Traceback);
        return exception;
    }

    internal static string NormaliseModule(string module) => module == "exceptions" ? "builtins" : module;

    private static string? MethodFromMessage(string message)
    {
        const string prefix = "Endpoint does not support RPC method ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : null;
    }

    /// <summary>Parses oslo's "Endpoint does not support RPC version V. Attempted method: M" (M is "None" for none in Python).</summary>
    private static (string Version, string? Method)? VersionFromMessage(string message)
    {
        const string prefix = "Endpoint does not support RPC version ";
        const string separator = ". Attempted method: ";
        if (!message.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = message[prefix.Length..];
        var at = rest.IndexOf(separator, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var method = rest[(at + separator.Length)..];
        return (rest[..at], method is "" or "None" ? null : method);
    }
}
