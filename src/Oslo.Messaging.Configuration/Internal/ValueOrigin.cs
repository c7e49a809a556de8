namespace Oslo.Messaging.Configuration.Internal;

/// <summary>One value of an option as a file gave it: the name as spelled there, the file, its place in the set (later wins) and the line.</summary>
internal readonly record struct ValueOrigin(string Option, string Value, string File, int FileIndex, int Line);
