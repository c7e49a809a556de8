namespace Oslo.Messaging.Cli.Status;

/// <summary>
/// A count a person watches while a long command runs (<c>listen</c>'s notifications, <c>serve</c>'s calls), shown on
/// stderr: on a terminal one status line redrawn in place (<c>\r</c>, erase to end of line) a few times a second; in
/// a log or pipe a plain line at a slower period, only when the count moved, so a log is not flooded. The results on
/// stdout are never touched.
/// </summary>
/// <remarks>One timer, no thread of its own: <see cref="Increment"/> is a single interlocked add on the message path;
/// the timer reads the count and writes only when it changed. Writes are serialized by a lock so a redraw never
/// interleaves with the final line.</remarks>
internal sealed class LiveCount : IDisposable
{
    /// <summary>The redraw period on a terminal.</summary>
    public static readonly TimeSpan TerminalPeriod = TimeSpan.FromMilliseconds(250);

    /// <summary>The period of plain status lines when stderr is not a terminal.</summary>
    public static readonly TimeSpan LinePeriod = TimeSpan.FromSeconds(10);

    private readonly TextWriter _error;
    private readonly Func<long, string> _describe;
    private readonly bool _terminal;
    private readonly Lock _write = new();
    private readonly ITimer _timer;
    private long _count;
    private long _shown;
    private bool _drawn;
    private bool _finished;

    /// <param name="error">Where the status goes (stderr).</param>
    /// <param name="describe">The status text for a count, e.g. <c>n => $"{n} notifications received"</c>.</param>
    /// <param name="terminal">stderr is a terminal: redraw one line in place.</param>
    /// <param name="period">How often to look at the count; null: <see cref="TerminalPeriod"/> or <see cref="LinePeriod"/>.</param>
    public LiveCount(TextWriter error, Func<long, string> describe, bool terminal, TimeSpan? period = null)
    {
        _error = error;
        _describe = describe;
        _terminal = terminal;
        var every = period ?? (terminal ? TerminalPeriod : LinePeriod);
        _timer = TimeProvider.System.CreateTimer(_ => Show(), null, every, every);
    }

    public long Count => Interlocked.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);

    /// <summary>Writes results (to stdout) with the status line out of the way: on a terminal the line is erased first
    /// and redrawn at the next period, so a result never lands in the middle of it when both share a screen.</summary>
    public void WriteAbove(Action write)
    {
        lock (_write)
        {
            if (_drawn)
            {
                _error.Write("\r\u001b[K");
                _error.Flush();
                _drawn = false;
                _shown = -1; // redraw next period even if the count did not move
            }

            write();
        }
    }

    /// <summary>Writes the final count as a line of its own and stops the updates.</summary>
    public void WriteSummary()
    {
        lock (_write)
        {
            _finished = true; // no redraw after the summary
            _error.Write((_drawn ? "\r" : "") + _describe(Count) + (_terminal ? "\u001b[K" : "") + _error.NewLine);
            _error.Flush();
            _drawn = false;
        }
    }

    /// <summary>Stops the updates and ends a status line drawn on a terminal (so what follows starts on a new line).</summary>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_write)
        {
            _finished = true;
            if (_drawn)
            {
                _error.WriteLine();
                _error.Flush();
            }
        }
    }

    private void Show()
    {
        lock (_write)
        {
            var count = Count;
            if (_finished || count == _shown)
            {
                return;
            }

            _shown = count;
            if (_terminal)
            {
                _error.Write("\r" + _describe(count) + "\u001b[K");
                _drawn = true;
            }
            else
            {
                _error.WriteLine(_describe(count));
            }

            _error.Flush();
        }
    }
}
