namespace LambdaSlim.Runtime.Http;

/// <summary>HTTP header fields in arrival order; names compare case-insensitively as HTTP requires.</summary>
internal sealed class HttpHeaderCollection
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public int Count => _fields.Count;

    public void Add(string name, string value) => _fields.Add(new(name, value));

    /// <summary>The value of the first field named <paramref name="name"/>, or null when absent.</summary>
    public string? Get(string name)
    {
        foreach (var field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return field.Value;
            }
        }
        return null;
    }

    /// <summary>How many fields carry <paramref name="name"/> (used to reject conflicting framing headers).</summary>
    public int CountOf(string name)
    {
        int count = 0;
        foreach (var field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }
        return count;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;
}
