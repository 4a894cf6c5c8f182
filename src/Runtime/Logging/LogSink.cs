using System.Text;
using LambdaSlim.Runtime.Text;

namespace LambdaSlim.Runtime.Logging;

/// <summary>
/// Writes log lines to a stream (stdout in a function) in Lambda's text or JSON format, filtered by level.
/// Each line is formatted into one buffer and written with a single call under a lock, so lines from
/// concurrent handlers never interleave. Deliberately not System.Console: its writers and encodings cost
/// binary size and start time.
/// </summary>
internal sealed class LogSink(Stream output, bool json, LogLevel minimumLevel)
{
    private readonly object _gate = new();

    public LogLevel MinimumLevel { get; } = minimumLevel;
    public bool Json { get; } = json;

    /// <summary>AWS_LAMBDA_LOG_FORMAT=JSON selects JSON; AWS_LAMBDA_LOG_LEVEL (default INFO) filters.</summary>
    public static LogSink FromEnvironment(Stream output)
    {
        bool json = string.Equals(Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_FORMAT"), "JSON", StringComparison.OrdinalIgnoreCase);
        return new LogSink(output, json, ParseLevel(Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_LEVEL")));
    }

    public static LogLevel ParseLevel(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "WARN" or "WARNING" => LogLevel.Warn,
        "ERROR" => LogLevel.Error,
        "FATAL" or "CRITICAL" => LogLevel.Fatal,
        _ => LogLevel.Info,
    };

    public bool IsEnabled(LogLevel level) => level >= MinimumLevel;

    /// <param name="tenantId">The invocation's tenant (tenant-isolated functions): a "tenantId" field in JSON lines;
    /// text lines keep Lambda's four fields.</param>
    public void Write(LogLevel level, string? requestId, string? tenantId, string message)
    {
        if (!IsEnabled(level))
        {
            return;
        }
        var line = new StringBuilder(64 + message.Length);
        string timestamp = FormatTimestamp(DateTime.UtcNow);
        if (Json)
        {
            line.Append('{');
            JsonText.AppendProperty(line, "timestamp", timestamp, first: true);
            JsonText.AppendProperty(line, "level", LevelName(level));
            if (requestId is not null)
            {
                JsonText.AppendProperty(line, "requestId", requestId);
            }
            if (tenantId is not null)
            {
                JsonText.AppendProperty(line, "tenantId", tenantId);
            }
            JsonText.AppendProperty(line, "message", message);
            line.Append('}');
        }
        else
        {
            // Lambda's text layout: timestamp, level, request id, message, tab-separated. A line break inside the
            // message would split it into several CloudWatch events: \r keeps it one event (as Lambda's own
            // runtimes do).
            line.Append(timestamp).Append('\t').Append(LevelName(level)).Append('\t').Append(requestId ?? "-").Append('\t')
                .Append(message.Replace("\r\n", "\r").Replace('\n', '\r'));
        }
        line.Append('\n');
        byte[] bytes = Encoding.UTF8.GetBytes(line.ToString());
        lock (_gate)
        {
            try
            {
                output.Write(bytes);
                output.Flush();
            }
            catch (IOException)
            {
                // stdout gone (closed pipe): logging must never take the function down.
            }
        }
    }

    /// <summary>ISO 8601 UTC with milliseconds, by hand: DateTime's formatter drags in time-zone support.</summary>
    internal static string FormatTimestamp(DateTime utc)
    {
        Span<char> text = stackalloc char[24];
        Put(text, 0, utc.Year, 4);
        text[4] = '-';
        Put(text, 5, utc.Month, 2);
        text[7] = '-';
        Put(text, 8, utc.Day, 2);
        text[10] = 'T';
        Put(text, 11, utc.Hour, 2);
        text[13] = ':';
        Put(text, 14, utc.Minute, 2);
        text[16] = ':';
        Put(text, 17, utc.Second, 2);
        text[19] = '.';
        Put(text, 20, utc.Millisecond, 3);
        text[23] = 'Z';
        return new string(text);
    }

    private static void Put(Span<char> target, int offset, int value, int digits)
    {
        for (int i = offset + digits - 1; i >= offset; i--)
        {
            target[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warn => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };
}
