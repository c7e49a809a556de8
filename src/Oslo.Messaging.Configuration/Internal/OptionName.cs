namespace Oslo.Messaging.Configuration.Internal;

/// <summary>Where an oslo option is read from: its section and name, then its deprecated names (oslo's
/// <c>deprecated_opts</c>), each tried as oslo does.</summary>
internal sealed record OptionName(string Section, string Name, bool Secret = false, params (string Section, string Name)[] Deprecated)
{
    public IEnumerable<(string Section, string Name)> All => [(Section, Name), .. Deprecated];

    public override string ToString() => $"[{Section}] {Name}";
}
