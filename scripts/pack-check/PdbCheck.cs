using System.Reflection.Metadata;
using System.Text;

/// <summary>
/// <c>PackCheck pdb &lt;repository root&gt; &lt;deterministic 0|1&gt; &lt;sourcelink 0|1&gt; &lt;pdb&gt;...</c>: reads the
/// portable PDBs from the symbol packages. Their document names are stored split into parts, so a text search of the
/// file cannot tell a CI build (<c>/_/src/...</c>) from a local one; System.Reflection.Metadata reads them as the
/// debugger does.
/// </summary>
internal static class PdbCheck
{
    /// <summary>The custom debug information kind of a SourceLink JSON map (Portable PDB specification).</summary>
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static int Run(string[] args)
    {
        var repositoryRoot = args[1].TrimEnd('/') + "/";
        var deterministic = args[2] == "1";
        var sourceLink = args[3] == "1";
        var failures = 0;
        foreach (var path in args[4..])
        {
            using var stream = File.OpenRead(path);
            using var provider = MetadataReaderProvider.FromPortablePdbStream(stream);
            var reader = provider.GetMetadataReader();
            var documents = reader.Documents.Select(handle => reader.GetString(reader.GetDocument(handle).Name)).ToList();
            var local = documents.Where(name => name.StartsWith(repositoryRoot, StringComparison.Ordinal)).ToList();
            var map = reader.CustomDebugInformation
                .Select(reader.GetCustomDebugInformation)
                .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
                .Select(info => Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
                .FirstOrDefault();
            var problems = new List<string>();
            if (documents.Count == 0)
            {
                problems.Add("no source documents");
            }
            if (deterministic && local.Count > 0)
            {
                problems.Add($"{local.Count} documents under the clone's folder, e.g. {local[0]} (ContinuousIntegrationBuild not in effect)");
            }
            if (sourceLink && map is null)
            {
                problems.Add("no SourceLink map");
            }
            Console.WriteLine($"  {(problems.Count == 0 ? "ok  " : "FAIL")} {Path.GetFileName(path)}: {documents.Count} documents, e.g. " +
                $"{documents.FirstOrDefault(name => name.EndsWith(".cs", StringComparison.Ordinal))}; SourceLink {map ?? "none"}" +
                (problems.Count == 0 ? "" : "; " + string.Join("; ", problems)));
            failures += problems.Count == 0 ? 0 : 1;
        }
        Console.WriteLine(failures == 0 ? "pack-check pdb: all checks passed" : $"pack-check pdb: {failures} PDBs failed");
        return failures == 0 ? 0 : 1;
    }
}
