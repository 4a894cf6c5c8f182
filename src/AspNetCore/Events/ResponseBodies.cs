using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LambdaSlim.AspNetCore.Events;

/// <summary>
/// Whether a response body travels as text or as base64 (<c>isBase64Encoded</c>) in a buffered answer. Text when
/// all of: no Content-Encoding (compressed bytes are binary whatever the type), a textual media type (<c>text/*</c>,
/// <c>application/json</c>, <c>application/xml</c>, <c>application/javascript</c>,
/// <c>application/x-www-form-urlencoded</c>, or any <c>+json</c>/<c>+xml</c> type), no charset other than UTF-8 (or
/// ASCII), and bytes that are valid UTF-8. Anything else, and any body without a Content-Type, goes base64: the
/// JSON answer is a string, and only UTF-8 text survives it unchanged.
/// </summary>
internal static class ResponseBodies
{
    public static (string? Body, bool IsBase64Encoded) Encode(IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return ("", false);
        }
        return IsText(headers, body) ? (Encoding.UTF8.GetString(body), false) : (Convert.ToBase64String(body), true);
    }

    private static bool IsText(IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        string? encoding = headers.ContentEncoding.ToString();
        if (!string.IsNullOrEmpty(encoding) && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (!MediaTypeHeaderValue.TryParse(headers.ContentType.ToString(), out MediaTypeHeaderValue? contentType))
        {
            return false;
        }
        string? charset = contentType.Charset.Value;
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) &&
            !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return IsTextualMediaType(contentType.MediaType.Value ?? "") && Utf8.IsValid(body);
    }

    private static bool IsTextualMediaType(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
        mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
        mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase) ||
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
        mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase) ||
        mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase) ||
        mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
