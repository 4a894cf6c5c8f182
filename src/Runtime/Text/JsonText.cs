using System.Text;

namespace LambdaSlim.Runtime.Text;

/// <summary>
/// The little JSON the runtime itself needs: writing string values (error documents, JSON log lines) and
/// checking that a header holds well-formed JSON. Hand-written so that a function that does not use
/// System.Text.Json does not carry its reader and writer (about 100 KB of binary).
/// </summary>
internal static class JsonText
{
    private const int MaxDepth = 64;

    /// <summary>Appends <paramref name="value"/> as a JSON string literal (quotes included).</summary>
    public static void AppendString(StringBuilder target, string value)
    {
        target.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': target.Append("\\\""); break;
                case '\\': target.Append("\\\\"); break;
                case '\n': target.Append("\\n"); break;
                case '\r': target.Append("\\r"); break;
                case '\t': target.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029')
                    {
                        target.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        target.Append(c);
                    }
                    break;
            }
        }
        target.Append('"');
    }

    /// <summary>Appends "name":"value" (with a leading comma unless <paramref name="first"/>).</summary>
    public static void AppendProperty(StringBuilder target, string name, string value, bool first = false)
    {
        if (!first)
        {
            target.Append(',');
        }
        AppendString(target, name);
        target.Append(':');
        AppendString(target, value);
    }

    /// <summary>True when <paramref name="text"/> is exactly one well-formed JSON value (RFC 8259).</summary>
    public static bool IsWellFormed(string text)
    {
        int position = 0;
        if (!TryValue(text, ref position, 0))
        {
            return false;
        }
        SkipWhitespace(text, ref position);
        return position == text.Length;
    }

    private static bool TryValue(string s, ref int i, int depth)
    {
        SkipWhitespace(s, ref i);
        if (i >= s.Length || depth > MaxDepth)
        {
            return false;
        }
        switch (s[i])
        {
            case '{':
                i++;
                SkipWhitespace(s, ref i);
                if (i < s.Length && s[i] == '}')
                {
                    i++;
                    return true;
                }
                while (true)
                {
                    SkipWhitespace(s, ref i);
                    if (!TryString(s, ref i))
                    {
                        return false;
                    }
                    SkipWhitespace(s, ref i);
                    if (i >= s.Length || s[i++] != ':' || !TryValue(s, ref i, depth + 1))
                    {
                        return false;
                    }
                    SkipWhitespace(s, ref i);
                    if (i >= s.Length)
                    {
                        return false;
                    }
                    char next = s[i++];
                    if (next == '}')
                    {
                        return true;
                    }
                    if (next != ',')
                    {
                        return false;
                    }
                }
            case '[':
                i++;
                SkipWhitespace(s, ref i);
                if (i < s.Length && s[i] == ']')
                {
                    i++;
                    return true;
                }
                while (true)
                {
                    if (!TryValue(s, ref i, depth + 1))
                    {
                        return false;
                    }
                    SkipWhitespace(s, ref i);
                    if (i >= s.Length)
                    {
                        return false;
                    }
                    char next = s[i++];
                    if (next == ']')
                    {
                        return true;
                    }
                    if (next != ',')
                    {
                        return false;
                    }
                }
            case '"':
                return TryString(s, ref i);
            case 't':
                return TryLiteral(s, ref i, "true");
            case 'f':
                return TryLiteral(s, ref i, "false");
            case 'n':
                return TryLiteral(s, ref i, "null");
            default:
                return TryNumber(s, ref i);
        }
    }

    private static bool TryString(string s, ref int i)
    {
        if (i >= s.Length || s[i] != '"')
        {
            return false;
        }
        i++;
        while (i < s.Length)
        {
            char c = s[i++];
            if (c == '"')
            {
                return true;
            }
            if (c < 0x20)
            {
                return false;
            }
            if (c == '\\')
            {
                if (i >= s.Length)
                {
                    return false;
                }
                char escaped = s[i++];
                if (escaped == 'u')
                {
                    for (int k = 0; k < 4; k++, i++)
                    {
                        if (i >= s.Length || !char.IsAsciiHexDigit(s[i]))
                        {
                            return false;
                        }
                    }
                }
                else if ("\"\\/bfnrt".IndexOf(escaped) < 0)
                {
                    return false;
                }
            }
        }
        return false;
    }

    private static bool TryNumber(string s, ref int i)
    {
        int start = i;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }
        if (i < s.Length && s[i] == '0')
        {
            i++;
        }
        else if (!Digits(s, ref i))
        {
            return false;
        }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (!Digits(s, ref i))
            {
                return false;
            }
        }
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }
            if (!Digits(s, ref i))
            {
                return false;
            }
        }
        return i > start;
    }

    private static bool Digits(string s, ref int i)
    {
        int start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        return i > start;
    }

    private static bool TryLiteral(string s, ref int i, string literal)
    {
        if (string.CompareOrdinal(s, i, literal, 0, literal.Length) != 0)
        {
            return false;
        }
        i += literal.Length;
        return true;
    }

    private static void SkipWhitespace(string s, ref int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        {
            i++;
        }
    }
}
