using System.Security;
using System.Text;
using Oslo.Messaging.Benchmarks.Orchestration;

namespace Oslo.Messaging.Benchmarks.Reporting;

/// <summary>
/// <c>latest.svg</c>, hand-written SVG (no package): calls/s at 64 concurrent calls, casts/s, p99 latency (seq and
/// conc-64) per implementation as log-scale bars, and the concurrency sweep (calls/s against 1, 8, 64, 256
/// outstanding calls) as log-log lines. Opens in any browser.
/// </summary>
internal static class SvgChart
{
    private const int Width = 980;
    private const int Left = 230;
    private const int Right = 150;
    private const int BarHeight = 16;

    private static readonly Dictionary<string, string> _colors = new()
    {
        ["oslo-rabbit"] = "#1f77b4",
        ["raw-oslo"] = "#ff7f0e",
        ["raw-direct"] = "#2ca02c",
        ["raw-direct-oslo"] = "#98df8a",
        ["masstransit"] = "#d62728",
        ["python"] = "#9467bd",
        ["oslo-memory"] = "#17becf",
        ["baseline"] = "#7f7f7f",
    };

    public static string Render(RunReport report)
    {
        var impls = report.Implementations.Where(s => s.Available).Select(s => s.Implementation).ToList();
        var body = new StringBuilder();
        var y = 90;
        y = Bars(body, y, "Calls/s with 64 outstanding calls (~100 B payload), log scale; ratio to this library on the same transport", impls,
            [("conc-64", i => report.Get("conc-64", i.Name)?.Throughput, i => ResultTables.Ratio(report.ThroughputRatio("conc-64", i)))], v => ResultTables.Rate(v));
        y = Bars(body, y + 30, "Casts/s received by the server (64 senders), log scale", impls,
            [("cast", i => report.Get("cast", i.Name)?.Throughput, i => ResultTables.Ratio(report.ThroughputRatio("cast", i)))], v => ResultTables.Rate(v));
        y = Bars(body, y + 30, "p99 latency in ms, log scale (upper bar: 1 sequential caller; lower bar: 64 outstanding calls)", impls,
            [
                ("seq", i => report.Get("seq", i.Name)?.P99Us / 1000, _ => "seq"),
                ("conc-64", i => report.Get("conc-64", i.Name)?.P99Us / 1000, _ => "conc-64"),
            ], v => v.ToString(v >= 10 ? "0" : v >= 1 ? "0.0" : "0.00") + " ms");
        y = Sweep(body, y + 30, report, impls);

        var svg = new StringBuilder();
        svg.AppendLine($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{y + 40}" viewBox="0 0 {Width} {y + 40}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine($"""<rect width="100%" height="100%" fill="white"/>""");
        svg.AppendLine($"""<text x="20" y="30" font-size="18" font-weight="bold">Oslo.Messaging benchmark — {report.Plan.Mode} run, {report.Started:yyyy-MM-dd HH:mm} UTC</text>""");
        svg.AppendLine($"""<text x="20" y="50" fill="#555">{Esc($"{report.Machine.Cores} cores, {report.Machine.Memory}; {report.Versions()}")}</text>""");
        svg.Append(body);
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static int Bars(
        StringBuilder svg, int top, string title, List<Implementation> impls,
        IReadOnlyList<(string Series, Func<Implementation, double?> Value, Func<Implementation, string> Note)> series, Func<double, string> format)
    {
        svg.AppendLine($"""<text x="20" y="{top}" font-size="14" font-weight="bold">{Esc(title)}</text>""");
        var values = impls.SelectMany(i => series.Select(s => s.Value(i))).OfType<double>().Where(v => v > 0).ToList();
        var rowHeight = series.Count * (BarHeight + 2) + 8;
        var plotTop = top + 12;
        var plotHeight = impls.Count * rowHeight;
        if (values.Count == 0)
        {
            svg.AppendLine($"""<text x="{Left}" y="{plotTop + 20}" fill="#999">no data</text>""");
            return plotTop + 40;
        }

        var (lo, hi) = LogRange(values.Min(), values.Max());
        var plotWidth = Width - Left - Right;
        double X(double v) => Left + (Math.Log10(v) - lo) / (hi - lo) * plotWidth;
        Grid(svg, lo, hi, X, plotTop, plotHeight);
        for (var r = 0; r < impls.Count; r++)
        {
            var impl = impls[r];
            var rowTop = plotTop + r * rowHeight + 4;
            svg.AppendLine($"""<text x="{Left - 8}" y="{rowTop + rowHeight / 2}" text-anchor="end">{Esc(impl.Name)}</text>""");
            for (var s = 0; s < series.Count; s++)
            {
                var barTop = rowTop + s * (BarHeight + 2);
                if (series[s].Value(impl) is not { } v || v <= 0)
                {
                    svg.AppendLine($"""<text x="{Left + 4}" y="{barTop + 12}" fill="#999">not measured</text>""");
                    continue;
                }

                var width = Math.Max(1, X(v) - Left);
                var opacity = s == 0 ? "1" : "0.55";
                svg.AppendLine($"""<rect x="{Left}" y="{barTop}" width="{width:0.0}" height="{BarHeight}" fill="{Color(impl.Name)}" fill-opacity="{opacity}"/>""");
                svg.AppendLine($"""<text x="{Left + width + 6:0.0}" y="{barTop + 12}">{Esc(format(v))} <tspan fill="#777">({Esc(series[s].Note(impl))})</tspan></text>""");
            }
        }

        return plotTop + plotHeight + 16;
    }

    private static int Sweep(StringBuilder svg, int top, RunReport report, IReadOnlyList<Implementation> impls)
    {
        svg.AppendLine($"""<text x="20" y="{top}" font-size="14" font-weight="bold">Concurrency sweep: calls/s against outstanding calls (log-log)</text>""");
        var points = impls.ToDictionary(i => i, i => BenchPlan.Sweep
            .Select(c => (C: c, V: report.Get(c == 1 ? "seq" : $"conc-{c}", i.Name)?.Throughput))
            .Where(p => p.V is > 0).Select(p => (p.C, V: p.V!.Value)).ToList());
        var values = points.Values.SelectMany(p => p.Select(x => x.V)).ToList();
        var plotTop = top + 20;
        const int plotHeight = 300;
        var plotLeft = 90;
        var plotWidth = Width - plotLeft - 230;
        if (values.Count == 0)
        {
            svg.AppendLine($"""<text x="{plotLeft}" y="{plotTop + 20}" fill="#999">no data</text>""");
            return plotTop + 40;
        }

        var (lo, hi) = LogRange(values.Min(), values.Max());
        var maxC = Math.Log2(BenchPlan.Sweep[^1]);
        double X(int c) => plotLeft + Math.Log2(c) / maxC * plotWidth;
        double Y(double v) => plotTop + plotHeight - (Math.Log10(v) - lo) / (hi - lo) * plotHeight;
        for (var e = lo; e <= hi; e++)
        {
            var gy = Y(Math.Pow(10, e));
            svg.AppendLine($"""<line x1="{plotLeft}" y1="{gy:0.0}" x2="{plotLeft + plotWidth}" y2="{gy:0.0}" stroke="#ddd"/>""");
            svg.AppendLine($"""<text x="{plotLeft - 6}" y="{gy + 4:0.0}" text-anchor="end" fill="#555">{Esc(ResultTables.Rate(Math.Pow(10, e)))}</text>""");
        }

        foreach (var c in BenchPlan.Sweep)
        {
            svg.AppendLine($"""<line x1="{X(c):0.0}" y1="{plotTop}" x2="{X(c):0.0}" y2="{plotTop + plotHeight}" stroke="#eee"/>""");
            svg.AppendLine($"""<text x="{X(c):0.0}" y="{plotTop + plotHeight + 16}" text-anchor="middle" fill="#555">{c}</text>""");
        }

        svg.AppendLine($"""<text x="{plotLeft + plotWidth / 2}" y="{plotTop + plotHeight + 34}" text-anchor="middle" fill="#555">outstanding calls</text>""");
        var legendY = plotTop + 10;
        foreach (var (impl, line) in points)
        {
            if (line.Count == 0)
            {
                continue;
            }

            var color = Color(impl.Name);
            var path = string.Join(' ', line.Select((p, i) => $"{(i == 0 ? 'M' : 'L')}{X(p.C):0.0},{Y(p.V):0.0}"));
            svg.AppendLine($"""<path d="{path}" fill="none" stroke="{color}" stroke-width="2"/>""");
            foreach (var p in line)
            {
                svg.AppendLine($"""<circle cx="{X(p.C):0.0}" cy="{Y(p.V):0.0}" r="3.5" fill="{color}"><title>{Esc($"{impl.Name}: {ResultTables.Rate(p.V)} calls/s at {p.C}")}</title></circle>""");
            }

            svg.AppendLine($"""<rect x="{plotLeft + plotWidth + 20}" y="{legendY - 9}" width="12" height="12" fill="{color}"/>""");
            svg.AppendLine($"""<text x="{plotLeft + plotWidth + 38}" y="{legendY + 1}">{Esc(impl.Name)}</text>""");
            legendY += 20;
        }

        return plotTop + plotHeight + 50;
    }

    private static void Grid(StringBuilder svg, double lo, double hi, Func<double, double> x, int top, int height)
    {
        for (var e = lo; e <= hi; e++)
        {
            var v = Math.Pow(10, e);
            svg.AppendLine($"""<line x1="{x(v):0.0}" y1="{top}" x2="{x(v):0.0}" y2="{top + height}" stroke="#e5e5e5"/>""");
            svg.AppendLine($"""<text x="{x(v):0.0}" y="{top + height + 12}" text-anchor="middle" fill="#777" font-size="10">{Esc(v >= 1 ? v.ToString("N0") : v.ToString("0.###"))}</text>""");
        }
    }

    /// <summary>Whole decades around the values, at least one decade wide.</summary>
    private static (double Lo, double Hi) LogRange(double min, double max)
    {
        var lo = Math.Floor(Math.Log10(min));
        var hi = Math.Ceiling(Math.Log10(max));
        return hi <= lo ? (lo, lo + 1) : (lo, hi);
    }

    private static string Color(string name) => _colors.TryGetValue(name, out var c) ? c : "#444";

    private static string Esc(string text) => SecurityElement.Escape(text) ?? "";
}
