namespace LambdaSlim.Emulator.Http;

/// <summary>
/// Header fields in arrival order. Names compare case-insensitively (RFC 9110 §5.1); a name may repeat,
/// <see cref="Get"/> returns the first value.
/// </summary>
internal sealed class HttpHeaders
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public int Count => _fields.Count;

    public void Add(string name, string value) => _fields.Add(new(name, value));

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

    public IEnumerable<string> GetAll(string name) =>
        _fields.Where(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value);
}
