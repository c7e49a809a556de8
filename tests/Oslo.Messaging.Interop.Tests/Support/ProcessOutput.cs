using System.Text;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>A child process's stderr (or stdout) collected as it arrives, kept to its last <see cref="Limit"/> characters.</summary>
internal sealed class ProcessOutput
{
    private const int Limit = 64 * 1024;
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();

    public void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _text.Append(line).Append('\n');
            if (_text.Length > Limit)
            {
                _text.Remove(0, _text.Length - Limit);
            }
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.Length == 0 ? "(empty)" : _text.ToString();
        }
    }
}
