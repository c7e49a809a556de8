namespace Oslo.Messaging.Configuration.Internal;

/// <summary>The text an option was given, and where: a file and line (oslo config files) or another configuration source.</summary>
/// <remarks><c>Rank</c> is higher for a later source (and a later file of one set): which of two names oslo would take.</remarks>
internal sealed record OptionValue(string Text, string Section, string Name, string Source, ValueOrigin? Origin, int Rank)
{
    /// <summary>"option x in [s] of /etc/nova/nova.conf line 3", or "configuration key s:x (from ...)".</summary>
    public string Where => Origin is { } o
        ? $"option {Name} in [{Section}] of {o.File} line {o.Line}"
        : $"configuration key {Section}:{Name} (from {Source})";
}
