namespace Oslo.Messaging.Exceptions;

/// <summary>
/// The Python module and class an exception type stands for on the wire (the <c>module</c> and <c>class</c>
/// of oslo's failure format). Without it a type travels as its .NET namespace and name.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WireIdentityAttribute(string module, string className) : Attribute
{
    /// <summary>The Python module, e.g. <c>oslo_messaging.rpc.dispatcher</c>.</summary>
    public string Module { get; } = module;

    /// <summary>The Python class name, e.g. <c>NoSuchMethod</c>.</summary>
    public string ClassName { get; } = className;
}
