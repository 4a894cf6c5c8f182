using System.Text.Json;

namespace LambdaSlim.Core.Oci;

/// <summary>One <c>history</c> entry; <see cref="EmptyLayer"/> entries describe config-only steps and have no layer.</summary>
public sealed record HistoryEntry(string Created, string CreatedBy, string? Comment = null, bool EmptyLayer = false);

/// <summary>The runtime part of the image config (<c>config</c>): how a container of this image starts.</summary>
public sealed record ContainerConfig(
    string? User,
    IReadOnlyList<string> Env,
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<string>? Cmd,
    string? WorkingDir,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// The image configuration blob (OCI image-spec config.md; the Docker v2 config has the same fields).
/// <see cref="DiffIds"/> and <see cref="History"/> are oldest layer first.
/// </summary>
public sealed record ImageConfig(
    string Created,
    string Architecture,
    string Os,
    string? Variant,
    ContainerConfig Config,
    IReadOnlyList<string> DiffIds,
    IReadOnlyList<HistoryEntry> History)
{
    public byte[] ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("created", Created);
        w.WriteString("architecture", Architecture);
        if (Variant is not null)
        {
            w.WriteString("variant", Variant);
        }
        w.WriteString("os", Os);
        w.WriteStartObject("config");
        if (!string.IsNullOrEmpty(Config.User))
        {
            w.WriteString("User", Config.User);
        }
        CanonicalJson.WriteStrings(w, "Env", Config.Env);
        CanonicalJson.WriteStrings(w, "Entrypoint", Config.Entrypoint);
        CanonicalJson.WriteStrings(w, "Cmd", Config.Cmd);
        if (!string.IsNullOrEmpty(Config.WorkingDir))
        {
            w.WriteString("WorkingDir", Config.WorkingDir);
        }
        CanonicalJson.WriteMap(w, "Labels", Config.Labels);
        w.WriteEndObject();
        w.WriteStartObject("rootfs");
        w.WriteString("type", "layers");
        CanonicalJson.WriteStrings(w, "diff_ids", DiffIds);
        w.WriteEndObject();
        w.WriteStartArray("history");
        foreach (var h in History)
        {
            w.WriteStartObject();
            w.WriteString("created", h.Created);
            w.WriteString("created_by", h.CreatedBy);
            if (h.Comment is not null)
            {
                w.WriteString("comment", h.Comment);
            }
            if (h.EmptyLayer)
            {
                w.WriteBoolean("empty_layer", true);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Reads a config (ours or a base image's). Unknown fields are dropped: we only carry what Lambda uses.</summary>
    public static ImageConfig Parse(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
            var history = new List<HistoryEntry>();
            if (root.TryGetProperty("history", out var h) && h.ValueKind == JsonValueKind.Array)
            {
                history.AddRange(h.EnumerateArray().Select(e => new HistoryEntry(
                    Str(e, "created") ?? "", Str(e, "created_by") ?? "", Str(e, "comment"),
                    e.TryGetProperty("empty_layer", out var empty) && empty.ValueKind == JsonValueKind.True)));
            }
            var diffIds = root.TryGetProperty("rootfs", out var rootfs) && rootfs.TryGetProperty("diff_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
                ? ids.EnumerateArray().Select(x => x.GetString()!).ToList()
                : [];
            return new ImageConfig(
                Str(root, "created") ?? "",
                Str(root, "architecture") ?? "",
                Str(root, "os") ?? "",
                Str(root, "variant"),
                new ContainerConfig(
                    config.ValueKind == JsonValueKind.Object ? Str(config, "User") : null,
                    Strings(config, "Env") ?? [],
                    Strings(config, "Entrypoint"),
                    Strings(config, "Cmd"),
                    config.ValueKind == JsonValueKind.Object ? Str(config, "WorkingDir") : null,
                    config.ValueKind == JsonValueKind.Object && config.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object
                        ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
                        : new Dictionary<string, string>(StringComparer.Ordinal)),
                diffIds,
                history);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new LambdaSlimException("LSLIM2022", $"An image config is not valid JSON or has fields of the wrong type ({e.Message}). Pull the base image again (delete its cache folder).", e);
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<string>? Strings(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : null;
}
