namespace LambdaSlim.Core.Layers;

/// <summary>
/// The entries of one layer, keyed by image path. Adding a file adds its missing parent directories as explicit
/// 0755 entries (tools and Lambda's flattening both expect parents before children). <see cref="Entries"/> is in
/// ordinal path order, which puts every directory before its contents and is the same on every machine.
/// </summary>
public sealed class LayerTree
{
    private readonly SortedDictionary<string, LayerEntry> _entries = new(StringComparer.Ordinal);

    public IReadOnlyCollection<LayerEntry> Entries => _entries.Values;

    public LayerTree Add(LayerEntry entry)
    {
        var path = Normalize(entry.Path);
        AddParents(path);
        if (_entries.TryGetValue(path, out var existing))
        {
            if (existing.Kind == LayerEntryKind.Directory && entry.Kind == LayerEntryKind.Directory)
            {
                // An explicit directory wins over an implied parent (it may carry another mode, e.g. /tmp 1777).
                _entries[path] = entry with { Path = path };
                return this;
            }
            throw new LambdaSlimException("LSLIM2015",
                $"Two files claim the image path '{path}' in the same layer. Rename or remove one (check LambdaImageFile items and the files published to the app folder).");
        }
        _entries[path] = entry with { Path = path };
        return this;
    }

    private void AddParents(string path)
    {
        var slash = path.LastIndexOf('/');
        if (slash <= 0)
        {
            return;
        }
        var parent = path[..slash];
        if (_entries.TryGetValue(parent, out var existing))
        {
            if (existing.Kind != LayerEntryKind.Directory)
            {
                throw new LambdaSlimException("LSLIM2015",
                    $"The image path '{parent}' is a file but '{path}' needs it to be a directory. Rename one of them.");
            }
            return;
        }
        AddParents(parent);
        _entries[parent] = LayerEntry.Directory(parent);
    }

    /// <summary>Absolute, no trailing slash, no empty/./.. segments.</summary>
    public static string Normalize(string path)
    {
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!path.StartsWith('/') || segments.Length == 0 || segments.Any(s => s is "." or ".."))
        {
            throw new LambdaSlimException("LSLIM2015",
                $"'{path}' is not a valid image path. Image paths must be absolute (start with '/') and contain no '.' or '..' segments.");
        }
        return "/" + string.Join('/', segments);
    }
}
