using System.Text;

namespace LambdaSlim.Emulator;

/// <summary>The outcome of starting an execution environment ahead of any invoke (Lambda's proactive init).</summary>
public sealed record InitResult(bool Succeeded, string? ErrorType, ReadOnlyMemory<byte> ErrorDocument, TimeSpan Duration)
{
    public string ErrorDocumentText => Encoding.UTF8.GetString(ErrorDocument.Span);
}
