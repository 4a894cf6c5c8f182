using System.Diagnostics;
using System.Text.RegularExpressions;
using LambdaSlim.Core.Layers;
using LambdaSlim.Core.Oci;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Core.Validation;

namespace LambdaSlim.Core.Image;

/// <summary>
/// Builds the multi-architecture image and writes the sinks: the OCI layout (for every tag T the refs T = index,
/// T-x86_64 and T-arm64 = platform manifests) and its tar archive. Outputs are assembled in a temporary folder next
/// to the destination and moved into place only when complete; when the new layout equals the one on disk nothing is
/// rewritten (a no-op publish).
/// </summary>
public static partial class ImageBuilder
{
    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagSyntax();

    public static ImageBuildResult Build(ImageBuildOptions options)
    {
        var stopwatch = Stopwatch.StartNew();
        if (options.Architectures.Count == 0)
        {
            throw new LambdaSlimException("LSLIM2050", "No architecture was published, so there is nothing to put in an image. Check LambdaArchitectures.");
        }
        var tags = options.Tags.Count == 0 ? ["latest"] : options.Tags.Distinct(StringComparer.Ordinal).ToList();
        foreach (var tag in tags)
        {
            // x86_64 is the longest architecture suffix.
            var longest = tag + "-x86_64";
            if (!TagSyntax().IsMatch(tag) || !TagSyntax().IsMatch(longest))
            {
                throw new LambdaSlimException("LSLIM2020",
                    $"'{tag}' is not a valid image tag. Tags use letters, digits, '_', '.' and '-', do not start with '.' or '-', and are at most 121 characters (the per-architecture tag '{tag}-x86_64' must fit in 128).");
            }
        }

        var cache = new LayerCache(options.CacheDirectory);
        var images = BuildArchitectures(options, cache);
        var media = OciMediaTypes.For(options.Format);
        var index = new ImageIndex(media.Index, images.Select(i => i.ManifestDescriptor).ToList());
        var indexJson = index.ToCanonicalJson();
        var indexDescriptor = OciDescriptor.Of(media.Index, indexJson);
        var layoutIndexJson = LayoutIndex(indexDescriptor, images, tags).ToCanonicalJson();

        var unchanged = IsUnchanged(options, layoutIndexJson, images);
        if (!unchanged)
        {
            WriteOutputs(options, images, indexJson, indexDescriptor, layoutIndexJson, tags);
        }

        var result = new ImageBuildResult(index, indexJson, indexDescriptor, images, tags, options.LayoutDirectory, options.ArchivePath, unchanged, stopwatch.Elapsed);
        if (options.ReportDirectory is not null)
        {
            Report.ImageReport.Write(result, options, options.ReportDirectory);
        }
        return result;
    }

    /// <summary>
    /// The architectures are independent (own closure, own layers), so they are built in parallel: level-9 gzip of
    /// the base layers is most of a cold build. Results keep the input order.
    /// </summary>
    private static List<ArchitectureImage> BuildArchitectures(ImageBuildOptions options, LayerCache cache)
    {
        var images = new ArchitectureImage[options.Architectures.Count];
        try
        {
            Parallel.For(0, images.Length, i => images[i] = ArchitectureImageBuilder.Build(options, options.Architectures[i], cache));
        }
        catch (AggregateException e)
        {
            // Surface a coded error as itself (the task logs its code), not wrapped.
            var first = e.InnerExceptions.OfType<LambdaSlimException>().FirstOrDefault() ?? e.InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
        return images.ToList();
    }

    /// <summary>The layout's index.json: for each tag, the index and each platform manifest, named by ref annotation.</summary>
    public static ImageIndex LayoutIndex(OciDescriptor indexDescriptor, IReadOnlyList<ArchitectureImage> images, IReadOnlyList<string> tags)
    {
        var entries = new List<OciDescriptor>();
        foreach (var tag in tags)
        {
            entries.Add(indexDescriptor with { Annotations = RefName(tag) });
            foreach (var image in images)
            {
                var reference = image.ManifestDescriptor with { Annotations = RefName($"{tag}-{image.Architecture.Name}") };
                ImageValidator.ValidateDeployable(reference);
                entries.Add(reference);
            }
        }
        // The layout spec fixes index.json's own media type to the OCI index, whatever the manifests are.
        return new ImageIndex(OciMediaTypes.OciIndex, entries);
    }

    private static Dictionary<string, string> RefName(string name) => new(StringComparer.Ordinal) { [OciDescriptor.RefNameAnnotation] = name };

    private static bool IsUnchanged(ImageBuildOptions options, byte[] layoutIndexJson, IReadOnlyList<ArchitectureImage> images)
    {
        var indexPath = Path.Combine(options.LayoutDirectory, "index.json");
        if (!File.Exists(indexPath) || !File.ReadAllBytes(indexPath).AsSpan().SequenceEqual(layoutIndexJson))
        {
            return false;
        }
        if (options.ArchivePath is not null && !File.Exists(options.ArchivePath))
        {
            return false;
        }
        var layout = new OciLayoutWriter(options.LayoutDirectory);
        return images.SelectMany(i => i.Layers.Select(l => l.Descriptor).Append(i.Manifest.Config).Append(i.ManifestDescriptor))
            .All(d => File.Exists(layout.BlobPath(d.Digest)) && new FileInfo(layout.BlobPath(d.Digest)).Length == d.Size);
    }

    private static void WriteOutputs(ImageBuildOptions options, IReadOnlyList<ArchitectureImage> images, byte[] indexJson,
        OciDescriptor indexDescriptor, byte[] layoutIndexJson, IReadOnlyList<string> tags)
    {
        var destination = Path.GetFullPath(options.LayoutDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(destination)}.tmp-{Guid.NewGuid():N}");
        var archiveTemporary = options.ArchivePath is null ? null : options.ArchivePath + $".tmp-{Guid.NewGuid():N}";
        try
        {
            var layout = new OciLayoutWriter(temporary);
            foreach (var image in images)
            {
                foreach (var layer in image.Layers)
                {
                    layout.CopyBlob(layer.Descriptor.Digest, layer.Descriptor.Size, layer.BlobPath);
                }
                layout.WriteBlob(image.Manifest.Config.Digest, image.ConfigJson);
                layout.WriteBlob(image.ManifestDescriptor.Digest, image.ManifestJson);
            }
            layout.WriteBlob(indexDescriptor.Digest, indexJson);
            layout.WriteIndex(layoutIndexJson);

            if (archiveTemporary is not null)
            {
                OciArchiveWriter.Write(temporary, DockerImages(options, images, tags), archiveTemporary);
            }

            ReplaceDirectory(temporary, destination);
            if (archiveTemporary is not null)
            {
                File.Move(archiveTemporary, options.ArchivePath!, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LambdaSlimException("LSLIM2040",
                $"Writing the image to '{destination}' failed ({e.Message}). Nothing was replaced; check free disk space and permissions, then publish again.", e);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
            if (archiveTemporary is not null)
            {
                File.Delete(archiveTemporary);
            }
        }
    }

    /// <summary>Swaps a complete folder into place: old → aside, new → destination, then the old one is deleted.</summary>
    private static void ReplaceDirectory(string source, string destination)
    {
        if (!Directory.Exists(destination))
        {
            Directory.Move(source, destination);
            return;
        }
        var aside = destination + $".old-{Guid.NewGuid():N}";
        Directory.Move(destination, aside);
        try
        {
            Directory.Move(source, destination);
        }
        catch
        {
            Directory.Move(aside, destination);
            throw;
        }
        Directory.Delete(aside, recursive: true);
    }

    /// <summary>
    /// docker load entries: each platform image as REPO:T-arch; the build machine's architecture (else the first)
    /// also as REPO:T, which is what `docker run REPO:T` expects.
    /// </summary>
    private static List<DockerArchiveImage> DockerImages(ImageBuildOptions options, IReadOnlyList<ArchitectureImage> images, IReadOnlyList<string> tags)
    {
        var repository = string.IsNullOrEmpty(options.Registry) ? options.Repository : $"{options.Registry}/{options.Repository}";
        var primary = images.FirstOrDefault(i => i.Architecture == LambdaArchitecture.Host) ?? images[0];
        return images.Select(image => new DockerArchiveImage(
            image.Manifest.Config.Digest,
            image.Layers.Select(l => l.Descriptor.Digest).ToList(),
            (image == primary ? tags.Select(t => $"{repository}:{t}") : [])
                .Concat(tags.Select(t => $"{repository}:{t}-{image.Architecture.Name}")).ToList())).ToList();
    }
}
