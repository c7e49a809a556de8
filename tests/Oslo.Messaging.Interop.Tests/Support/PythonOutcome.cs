using System.Text.Json;

namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>
/// The one JSON line oslo_client.py prints: <c>{"ok": true, "result": ...}</c> or the exception it caught (type, module,
/// message, RemoteError fields, args, kwargs). <see cref="Describe"/> has the line and the client's stderr for assertions.
/// </summary>
internal sealed class PythonOutcome
{
    private readonly JsonElement _root;

    public PythonOutcome(string line, string stderr, string command)
    {
        Line = line;
        Stderr = stderr;
        Command = command;
        try
        {
            _root = JsonElement.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"oslo_client.py printed no JSON line ({ex.Message}).\n{Describe()}");
        }
    }

    public string Line { get; }

    public string Stderr { get; }

    public string Command { get; }

    /// <summary>What the servers' side says (their log), added to <see cref="Describe"/>.</summary>
    public Func<string>? ServerSide { get; set; }

    public bool Ok => _root.GetProperty("ok").GetBoolean();

    /// <summary>The result of a successful call (JSON null for a cast).</summary>
    public JsonElement Result => Ok ? _root.GetProperty("result") : throw new InvalidOperationException($"The Python client failed.\n{Describe()}");

    /// <summary>The exception's Python class name (<c>type(e).__name__</c>).</summary>
    public string? Type => String("type");

    public string? Module => String("module");

    /// <summary>The first line of the exception's first arg: the remote message without the traceback.</summary>
    public string? MessageFirstLine => String("message_first_line");

    public bool IsRemoteError => _root.TryGetProperty("is_remote_error", out var v) && v.ValueKind == JsonValueKind.True;

    public string? RemoteErrorExcType => String("remote_error_exc_type");

    public string? RemoteErrorValue => String("remote_error_value");

    /// <summary>The folder of the oslo_messaging package the client imported (which version ran).</summary>
    public string? OsloMessagingPath => String("oslo_messaging");

    /// <summary>The exception's message (<c>str(e)</c>).</summary>
    public string? Message => String("message");

    /// <summary>The exception's <c>kwargs</c> attribute (JSON null when it has none).</summary>
    public JsonElement Kwargs => _root.TryGetProperty("kwargs", out var v) ? v : default;

    /// <summary>The successful result, or an assertion failure with the client's line and stderr.</summary>
    public JsonElement AssertOk()
    {
        Assert.True(Ok, $"Expected success.\n{Describe()}");
        return Result;
    }

    /// <summary>Asserts the client caught <paramref name="module"/>.<paramref name="type"/> whose message starts with
    /// <paramref name="firstLine"/> (the remote traceback follows it).</summary>
    public PythonOutcome AssertRaised(string module, string type, string firstLine)
    {
        Assert.True(!Ok && Module == module && Type == type && MessageFirstLine == firstLine,
            $"Expected {module}.{type} '{firstLine}'.\n{Describe()}");
        return this;
    }

    /// <summary>Asserts the client caught oslo's <c>RemoteError</c> with this <c>exc_type</c> and <c>value</c>.</summary>
    public PythonOutcome AssertRemoteError(string excType, string value)
    {
        Assert.True(!Ok && IsRemoteError && Type == "RemoteError" && RemoteErrorExcType == excType && RemoteErrorValue == value,
            $"Expected RemoteError({excType}, '{value}').\n{Describe()}");
        return this;
    }

    /// <summary>The client's command, stdout line (cut) and stderr, for failure messages.</summary>
    public string Describe() =>
        $"$ {Command}\nstdout: {(Line.Length > 2000 ? Line[..2000] + $"...<{Line.Length} chars>" : Line)}\nstderr: {Stderr}\n{ServerSide?.Invoke()}";

    public override string ToString() => Describe();

    private string? String(string name) =>
        _root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
