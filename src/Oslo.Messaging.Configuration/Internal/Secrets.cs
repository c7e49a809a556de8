using System.Text.RegularExpressions;

namespace Oslo.Messaging.Configuration.Internal;

/// <summary>Keeps passwords out of logs and exceptions: every text taken from a config file goes through here first.</summary>
internal static partial class Secrets
{
    /// <summary>Replaces the password of every <c>scheme://user:password@</c> in <paramref name="text"/> with <c>****</c>
    /// (several hosts of one transport URL included: <c>rabbit://a:p1@h1,b:p2@h2/</c>).</summary>
    public static string Mask(string text) => Credentials().Replace(text, "${user}:****@");

    [GeneratedRegex(@"(?<user>(?:://|,)[^:/@,\s]*):[^@\s]*@")]
    private static partial Regex Credentials();
}
