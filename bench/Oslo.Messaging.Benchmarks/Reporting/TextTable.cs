using System.Text;

namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>A table rendered either as aligned text (console) or as Markdown (results file).</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public string ToText()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        Line(text, headers, widths);
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            Line(text, row, widths);
        }

        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        text.Append('|').AppendJoin('|', headers.Select((_, i) => IsNumeric(i) ? "---:" : "---")).AppendLine("|");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).AppendLine(" |");
        }

        return text.ToString();
    }

    /// <summary>Numbers (and their placeholders) align right; text aligns left.</summary>
    private bool IsNumeric(int column) =>
        column > 0 && _rows.All(r => r[column].Length == 0 || char.IsDigit(r[column][0]) || r[column] is "-" or "n/a" || r[column].StartsWith(">=", StringComparison.Ordinal) || r[column].StartsWith("<=", StringComparison.Ordinal));

    private static void Line(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
            text.Append(i < cells.Length - 1 ? "  " : "");
        }

        text.AppendLine();
    }
}
