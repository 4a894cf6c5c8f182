namespace LambdaSlim.Events.Serialization;

/// <summary>Base64 fields of the events, decoded with an error that names the field instead of a bare FormatException.</summary>
internal static class Base64Text
{
    public static byte[] Decode(string? text, string what)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{EventsErrorCodes.InvalidBase64}: the {what} is not valid base64 ({e.Message}). " +
                "Check what produced the event: a field that is base64 on the wire must hold base64 (an HTTP body of plain text needs isBase64Encoded: false).", e);
        }
    }
}
