using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LambdaSlim.Core.Image;

namespace LambdaSlim.Core.Report;

/// <summary>
/// The publish report: per architecture the layers (role, compressed and uncompressed bytes, digest, diffID), the
/// closure files with sizes, the run-time parts (why each is in, the bytes its layer adds, its files and what each is
/// for), and the <c>aws lambda create-function</c> line that deploys exactly that manifest.
/// Written as report.json (for tools) and report.md (for people); <see cref="ToText"/> is what the build prints.
/// </summary>
public static class ImageReport
{
    public const string RepositoryPlaceholder = "ACCOUNT.dkr.ecr.REGION.amazonaws.com/";

    public static void Write(ImageBuildResult result, ImageBuildOptions options, string directory)
    {
        Directory.CreateDirectory(directory);
        WriteAtomically(Path.Combine(directory, "report.json"), ToJson(result, options));
        WriteAtomically(Path.Combine(directory, "report.md"), Encoding.UTF8.GetBytes(ToMarkdown(result, options)));
    }

    /// <summary>The repository part of the ImageUri: REGISTRY/REPOSITORY, or a placeholder registry when none is set.</summary>
    public static string ImageRepository(ImageBuildOptions options) =>
        (string.IsNullOrEmpty(options.Registry) ? RepositoryPlaceholder : options.Registry.TrimEnd('/') + "/") + options.Repository;

    public static string CreateFunctionCommand(ImageBuildOptions options, ArchitectureImage image) =>
        $"aws lambda create-function --function-name {options.FunctionName ?? options.Repository} --package-type Image " +
        $"--architectures {image.Architecture.Name} --code ImageUri={ImageRepository(options)}@{image.ManifestDescriptor.Digest} --role ROLE_ARN";

    public static byte[] ToJson(ImageBuildResult result, ImageBuildOptions options)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("index", result.IndexDescriptor.Digest);
            w.WriteString("layout", result.LayoutDirectory);
            if (result.ArchivePath is not null)
            {
                w.WriteString("archive", result.ArchivePath);
            }
            w.WriteStartArray("tags");
            result.Tags.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteStartArray("architectures");
            foreach (var image in result.Images)
            {
                w.WriteStartObject();
                w.WriteString("architecture", image.Architecture.Name);
                w.WriteString("platform", image.Platform.ToString());
                w.WriteString("manifest", image.ManifestDescriptor.Digest);
                w.WriteString("config", image.Manifest.Config.Digest);
                w.WriteNumber("compressedBytes", image.Layers.Sum(l => l.Descriptor.Size));
                w.WriteNumber("uncompressedBytes", image.Layers.Sum(l => l.UncompressedSize));
                w.WriteStartArray("layers");
                foreach (var layer in image.Layers)
                {
                    w.WriteStartObject();
                    w.WriteString("role", layer.Role);
                    w.WriteString("mediaType", layer.Descriptor.MediaType);
                    w.WriteString("digest", layer.Descriptor.Digest);
                    w.WriteString("diffId", layer.DiffId);
                    w.WriteNumber("compressedBytes", layer.Descriptor.Size);
                    w.WriteNumber("uncompressedBytes", layer.UncompressedSize);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("closure");
                foreach (var file in image.Closure?.Files ?? [])
                {
                    w.WriteStartObject();
                    w.WriteString("path", file.ImagePath);
                    w.WriteString("source", file.SourcePath);
                    w.WriteNumber("bytes", file.Size);
                    w.WriteString("reason", file.Reason);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("runtimeParts");
                foreach (var part in image.Parts)
                {
                    var layer = LayerOf(image, part);
                    w.WriteStartObject();
                    w.WriteString("name", part.Part.Name);
                    w.WriteString("purpose", part.Part.Purpose);
                    w.WriteString("property", part.Part.Property);
                    w.WriteString("reason", part.Reason);
                    w.WriteNumber("compressedBytes", layer.Descriptor.Size);
                    w.WriteNumber("uncompressedBytes", layer.UncompressedSize);
                    w.WriteStartArray("files");
                    foreach (var file in part.Files)
                    {
                        w.WriteStartObject();
                        w.WriteString("path", file.ImagePath);
                        w.WriteString("source", file.SourcePath);
                        w.WriteNumber("bytes", file.Size);
                        w.WriteString("reason", file.Reason);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteString("createFunction", CreateFunctionCommand(options, image));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static string ToMarkdown(ImageBuildResult result, ImageBuildOptions options)
    {
        var md = new StringBuilder();
        md.AppendLine("# Lambda image report").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Index `{result.IndexDescriptor.Digest}`, tags {string.Join(", ", result.Tags.Select(t => $"`{t}`"))}, layout `{result.LayoutDirectory}`.").AppendLine();
        foreach (var image in result.Images)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {image.Architecture.Name} ({image.Platform})").AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Manifest `{image.ManifestDescriptor.Digest}`").AppendLine();
            md.AppendLine("| layer | compressed | uncompressed | digest |");
            md.AppendLine("|---|---:|---:|---|");
            foreach (var layer in image.Layers)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {layer.Role} | {Bytes(layer.Descriptor.Size)} | {Bytes(layer.UncompressedSize)} | `{layer.Descriptor.Digest}` |");
            }
            md.AppendLine(CultureInfo.InvariantCulture, $"| **total** | **{Bytes(image.Layers.Sum(l => l.Descriptor.Size))}** | **{Bytes(image.Layers.Sum(l => l.UncompressedSize))}** | |").AppendLine();
            if (image.Closure is { Files.Count: > 0 } closure)
            {
                md.AppendLine("| closure file | bytes | why |");
                md.AppendLine("|---|---:|---|");
                foreach (var file in closure.Files)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"| `{file.ImagePath}` | {Bytes(file.Size)} | {file.Reason} |");
                }
                md.AppendLine();
            }
            if (image.Parts.Count > 0)
            {
                md.AppendLine("| run-time part | why it is in | compressed | uncompressed |");
                md.AppendLine("|---|---|---:|---:|");
                foreach (var part in image.Parts)
                {
                    var layer = LayerOf(image, part);
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {part.Part.Name} ({part.Part.Purpose}; `{part.Part.Property}`) | {part.Reason} | {Bytes(layer.Descriptor.Size)} | {Bytes(layer.UncompressedSize)} |");
                }
                md.AppendLine();
                md.AppendLine("| loaded at run time | bytes | why |");
                md.AppendLine("|---|---:|---|");
                foreach (var file in image.Parts.SelectMany(p => p.Files))
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"| `{file.ImagePath}` | {Bytes(file.Size)} | {file.Reason} |");
                }
                md.AppendLine();
            }
            md.AppendLine("```sh").AppendLine(CreateFunctionCommand(options, image)).AppendLine("```").AppendLine();
        }
        return md.ToString();
    }

    /// <summary>The lines the build prints: one table per architecture and the deploy command.</summary>
    public static IReadOnlyList<string> ToText(ImageBuildResult result, ImageBuildOptions options)
    {
        var lines = new List<string> { $"Lambda image {result.IndexDescriptor.Digest} → {result.LayoutDirectory}" };
        foreach (var image in result.Images)
        {
            lines.Add($"  {image.Architecture.Name,-7} manifest {image.ManifestDescriptor.Digest}");
            var width = image.Layers.Max(l => l.Role.Length);
            foreach (var layer in image.Layers)
            {
                lines.Add($"    {layer.Role.PadRight(width)} {Bytes(layer.Descriptor.Size),12} compressed {Bytes(layer.UncompressedSize),12} uncompressed  {layer.Descriptor.Digest[..19]}…");
            }
            lines.Add($"    {"total".PadRight(width)} {Bytes(image.Layers.Sum(l => l.Descriptor.Size)),12} compressed {Bytes(image.Layers.Sum(l => l.UncompressedSize)),12} uncompressed");
            foreach (var file in image.Closure?.Files ?? [])
            {
                lines.Add($"      {file.ImagePath} ({Bytes(file.Size)})");
            }
            foreach (var part in image.Parts)
            {
                lines.Add($"    {part.Part.Name} ({part.Reason}): {Bytes(LayerOf(image, part).Descriptor.Size)} compressed");
                foreach (var file in part.Files)
                {
                    lines.Add($"      {file.ImagePath} ({Bytes(file.Size)}) {file.Reason}");
                }
            }
            lines.Add("    " + CreateFunctionCommand(options, image));
        }
        return lines;
    }

    private static ImageLayer LayerOf(ArchitectureImage image, Runtime.ResolvedPart part) => image.Layers.Single(l => l.Role == part.Part.Name);

    private static string Bytes(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture);

    private static void WriteAtomically(string path, byte[] content)
    {
        var temporary = path + ".partial";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
