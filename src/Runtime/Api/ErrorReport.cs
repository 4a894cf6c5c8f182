using System.Text;
using LambdaSlim.Runtime.Text;

namespace LambdaSlim.Runtime.Api;

/// <summary>
/// The Runtime API's error document, exactly its wire shape:
/// {"errorMessage":…,"errorType":…,"stackTrace":[…]} plus "cause" for an inner exception.
/// </summary>
internal sealed record ErrorReport(string ErrorType, string ErrorMessage, IReadOnlyList<string> StackTrace, ErrorReport? Cause = null)
{
    public const string ContentType = "application/vnd.aws.lambda.error+json";

    /// <summary>How deep inner exceptions are reported; deeper ones are rarely useful and could be cyclic in odd types.</summary>
    private const int MaxCauseDepth = 5;

    public static ErrorReport FromException(Exception exception) => FromException(exception, 0);

    private static ErrorReport FromException(Exception exception, int depth)
    {
        // A task that failed with one exception surfaces it wrapped; report the real one.
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }
        var lines = new List<string>();
        foreach (string line in (exception.StackTrace ?? "").Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                lines.Add(trimmed);
            }
        }
        ErrorReport? cause = exception.InnerException is { } inner && depth < MaxCauseDepth
            ? FromException(inner, depth + 1)
            : null;
        return new ErrorReport(exception.GetType().Name, exception.Message, lines, cause);
    }

    public byte[] ToJson()
    {
        var json = new StringBuilder(256);
        Write(json);
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    private void Write(StringBuilder json)
    {
        json.Append('{');
        JsonText.AppendProperty(json, "errorMessage", ErrorMessage, first: true);
        JsonText.AppendProperty(json, "errorType", ErrorType);
        json.Append(",\"stackTrace\":[");
        for (int i = 0; i < StackTrace.Count; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }
            JsonText.AppendString(json, StackTrace[i]);
        }
        json.Append(']');
        if (Cause is not null)
        {
            json.Append(",\"cause\":");
            Cause.Write(json);
        }
        json.Append('}');
    }

    /// <summary>The error type as a header value: header-safe characters only.</summary>
    public string HeaderSafeErrorType()
    {
        Span<char> chars = ErrorType.Length <= 256 ? stackalloc char[ErrorType.Length] : new char[ErrorType.Length];
        for (int i = 0; i < ErrorType.Length; i++)
        {
            char c = ErrorType[i];
            chars[i] = c >= 0x20 && c < 0x7f ? c : '_';
        }
        return new string(chars);
    }
}
