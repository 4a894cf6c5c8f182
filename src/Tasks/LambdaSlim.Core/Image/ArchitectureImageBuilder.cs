using System.Formats.Tar;
using LambdaSlim.Core.Closure;
using LambdaSlim.Core.Layers;
using LambdaSlim.Core.Oci;
using LambdaSlim.Core.Runtime;
using LambdaSlim.Core.Validation;

namespace LambdaSlim.Core.Image;

/// <summary>
/// Builds one platform image: base (closure layer, nothing, or a pulled base's layers), then on a closure base one
/// layer per run-time part the app needs (OpenSSL, CA certificates, time zones, ICU, GSSAPI: shared, rarely changing
/// parts first), then the app layer; then the config and manifest bytes. Validates the result against Lambda's rules
/// before returning it.
/// </summary>
public static class ArchitectureImageBuilder
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static ArchitectureImage Build(ImageBuildOptions options, ArchitectureInput input, LayerCache cache)
    {
        var media = OciMediaTypes.For(options.Format);
        var created = CanonicalJson.Timestamp(options.Timestamp);
        var architecture = input.Architecture;
        var platform = new Platform(architecture.OciArchitecture, "linux", architecture.OciVariant);
        var sysroot = input.Sysroot ?? Sysroot.Default(architecture);
        var appFiles = ImageFileSystem.AppFiles(input.AppDirectory).Select(f => Path.Combine(input.AppDirectory, f)).ToList();

        var layers = new List<ImageLayer>();
        var history = new List<HistoryEntry>();
        var diffIds = new List<string>();
        ClosureResult? closure = null;
        IReadOnlyList<ResolvedPart> parts = [];
        ImageConfig? baseConfig = null;
        var built = 0;

        switch (input.Base)
        {
            case BaseImage.Closure:
                closure = ClosureResolver.Resolve(new ClosureRequest(architecture, sysroot, input.Bootstrap, appFiles,
                    input.ExtraFiles.Select(e => e.SourcePath).ToList()));
                // Every part is resolved before any layer is built: a missing one fails the publish with nothing written.
                parts = RuntimePartResolver.Resolve(new RuntimePartRequest(sysroot, closure, RuntimeUsage.Detect(input.Bootstrap, appFiles),
                    options.RuntimeParts, options.CaBundlePath, options.ExtraCaCertificates));
                layers.Add(Own("base", ImageFileSystem.BaseLayer(closure), cache, options, media, ref built));
                history.Add(new HistoryEntry(created,
                    $"LambdaSlim base layer: {(closure.Interpreter is null ? "no loader" : "dynamic loader")}, {closure.Files.Count(f => f.Reason != "interpreter")} shared libraries, " +
                    "/etc/passwd, /etc/group, /etc/hosts, /etc/nsswitch.conf, /tmp, /var/task"));
                foreach (var part in parts)
                {
                    layers.Add(Own(part.Part.Name, part.Layer, cache, options, media, ref built));
                    history.Add(new HistoryEntry(created,
                        $"LambdaSlim {part.Part.Name} layer: {part.Part.Purpose} ({string.Join(", ", part.Files.Select(f => Path.GetFileName(f.ImagePath)))}); {part.Reason}"));
                }
                break;
            case BaseImage.Scratch:
                var elf = Elf.ElfReader.Read(input.Bootstrap);
                if (!elf.IsStatic)
                {
                    throw new LambdaSlimException("LSLIM2016",
                        $"LambdaBaseImage=scratch gives an image without a dynamic loader or libraries, but '{input.Bootstrap}' is dynamically linked (interpreter {elf.Interpreter ?? "none"}, needs {string.Join(", ", elf.Needed)}). Use the default base, or link the bootstrap statically.");
                }
                break;
            case BaseImage.OciLayout pulled:
                baseConfig = AddPulledBase(pulled, platform, media, cache, layers, history, diffIds);
                break;
        }

        var appTree = ImageFileSystem.AppLayer(input.AppDirectory, input.Bootstrap, input.ExtraFiles);
        layers.Add(Own("app", appTree, cache, options, media, ref built));
        history.Add(new HistoryEntry(created, $"LambdaSlim app layer: {ImageFileSystem.TaskRoot} ({appTree.Entries.Count(e => e.Kind == LayerEntryKind.File)} files, {input.PublishMode} publish)"));
        foreach (var layer in layers.Where(l => l.Role != "base image"))
        {
            diffIds.Add(layer.DiffId);
        }

        var config = new ImageConfig(created, platform.Architecture, platform.Os, platform.Variant,
            ContainerConfigFor(options, baseConfig, hasCaBundle: parts.Any(p => p.Part == RuntimePart.CaCertificates)),
            diffIds, history);
        var configJson = config.ToCanonicalJson();
        var manifest = new ImageManifest(media.Manifest, OciDescriptor.Of(media.Config, configJson), layers.Select(l => l.Descriptor).ToList());
        var manifestJson = manifest.ToCanonicalJson();

        ImageValidator.Validate(manifest.MediaType, manifest, config, layers.Select(l => l.UncompressedSize).ToList(), i => ListingOf(layers[i]));

        return new ArchitectureImage(architecture, platform, config, configJson, manifest, manifestJson,
            OciDescriptor.Of(media.Manifest, manifestJson, platform), layers, closure, parts, built);
    }

    private static ImageLayer Own(string role, LayerTree tree, LayerCache cache, ImageBuildOptions options, OciMediaTypes media, ref int built)
    {
        var blob = cache.GetOrBuild(tree, options.Timestamp, options.Compression, out var wasBuilt);
        built += wasBuilt ? 1 : 0;
        return new ImageLayer(role, new OciDescriptor(media.GzipLayer, blob.Digest, blob.Size), blob.DiffId, blob.UncompressedSize, blob.Path, tree.Entries);
    }

    private static ContainerConfig ContainerConfigFor(ImageBuildOptions options, ImageConfig? baseConfig, bool hasCaBundle)
    {
        // Environment: base image's, then ours, then the user's; a later value for a name replaces an earlier one
        // in place, so the order stays stable.
        var env = new List<KeyValuePair<string, string>>();
        void Set(string name, string value)
        {
            var at = env.FindIndex(p => p.Key == name);
            if (at >= 0)
            {
                env[at] = new(name, value);
            }
            else
            {
                env.Add(new(name, value));
            }
        }
        foreach (var entry in baseConfig?.Config.Env ?? [])
        {
            var eq = entry.IndexOf('=');
            Set(eq < 0 ? entry : entry[..eq], eq < 0 ? "" : entry[(eq + 1)..]);
        }
        if (env.All(p => p.Key != "PATH"))
        {
            Set("PATH", DefaultPath);
        }
        Set("LAMBDA_TASK_ROOT", ImageFileSystem.TaskRoot);
        if (env.All(p => p.Key != "HOME"))
        {
            // Lambda runs the function as a user the image's /etc/passwd does not know (uid 993) and sets no HOME, and
            // .NET's certificate stores then fail every TLS connection ("The home directory of the current user
            // could not be determined"). /tmp is the one writable folder.
            Set("HOME", ImageFileSystem.Home);
        }
        if (hasCaBundle)
        {
            // .NET 10 reads this file and then /etc/ssl/certs (OpenSSL's default folder is absent) without parsing
            // the same file twice (measured with strace), so no SSL_CERT_DIR is needed to avoid a double load.
            Set("SSL_CERT_FILE", ImageFileSystem.CaBundleImagePath);
        }
        foreach (var (name, value) in options.Environment)
        {
            if (string.IsNullOrEmpty(name) || name.Contains('='))
            {
                throw new LambdaSlimException("LSLIM2021",
                    $"'{name}' is not a valid environment variable name (ContainerEnvironmentVariable). Use a non-empty name without '='.");
            }
            Set(name, value);
        }

        var labels = new Dictionary<string, string>(baseConfig?.Config.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["org.opencontainers.image.created"] = CanonicalJson.Timestamp(options.Timestamp),
        };
        void Label(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                labels[name] = value;
            }
        }
        Label("org.opencontainers.image.source", options.SourceUrl);
        Label("org.opencontainers.image.revision", options.Revision);
        Label("org.opencontainers.image.version", options.Version);
        foreach (var (name, value) in options.Labels)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new LambdaSlimException("LSLIM2021", "A ContainerLabel item has an empty name. Give every label a name.");
            }
            labels[name] = value;
        }

        var user = !string.IsNullOrWhiteSpace(options.User) ? options.User
            : baseConfig is not null ? baseConfig.Config.User
            : ImageFileSystem.DefaultUser;
        return new ContainerConfig(user, env.Select(p => $"{p.Key}={p.Value}").ToList(), [ImageFileSystem.Entrypoint], null,
            ImageFileSystem.TaskRoot, labels);
    }

    private static ImageConfig AddPulledBase(BaseImage.OciLayout pulled, Platform platform, OciMediaTypes media, LayerCache cache, List<ImageLayer> layers, List<HistoryEntry> history, List<string> diffIds)
    {
        var manifestPath = BlobPath(pulled.LayoutPath, pulled.ManifestDigest);
        var manifest = ImageManifest.Parse(File.ReadAllBytes(manifestPath));
        var config = ImageConfig.Parse(File.ReadAllBytes(BlobPath(pulled.LayoutPath, manifest.Config.Digest)));
        if (config.Architecture != platform.Architecture || config.Os != platform.Os)
        {
            throw new LambdaSlimException("LSLIM2022",
                $"The base image manifest {pulled.ManifestDigest} is for {config.Os}/{config.Architecture}, not {platform}. Pull the base image's {platform} manifest.");
        }
        if (config.DiffIds.Count != manifest.Layers.Count)
        {
            throw new LambdaSlimException("LSLIM2036",
                $"The base image config lists {config.DiffIds.Count} diff_ids for {manifest.Layers.Count} layers. Pull the base image again.");
        }
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            var descriptor = manifest.Layers[i];
            // Same bytes, named in the family of the manifest we write (an OCI layer type in a Docker manifest is invalid).
            if (OciMediaTypes.IsGzipLayer(descriptor.MediaType))
            {
                descriptor = descriptor with { MediaType = media.GzipLayer };
            }
            var path = BlobPath(pulled.LayoutPath, descriptor.Digest);
            var mediaType = descriptor.MediaType;
            layers.Add(new ImageLayer("base image", descriptor, config.DiffIds[i], cache.UncompressedSizeOf(descriptor.Digest, () => UncompressedSizeOf(path, mediaType)), path, null));
            diffIds.Add(config.DiffIds[i]);
        }
        history.AddRange(config.History);
        return config;
    }

    private static string BlobPath(string layout, string digest)
    {
        var path = Path.Combine(layout, "blobs", "sha256", Registry.Digests.Hex(digest));
        if (!File.Exists(path))
        {
            throw new LambdaSlimException("LSLIM2022",
                $"The base image layout '{layout}' has no blob {digest}. Pull the base image again (delete its cache folder).");
        }
        return path;
    }

    private static long UncompressedSizeOf(string blobPath, string mediaType)
    {
        using var file = File.OpenRead(blobPath);
        if (!OciMediaTypes.IsGzipLayer(mediaType))
        {
            return file.Length;
        }
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        long total = 0;
        var buffer = new byte[1 << 16];
        int n;
        while ((n = gzip.Read(buffer)) > 0)
        {
            total += n;
        }
        return total;
    }

    private static IReadOnlyDictionary<string, TarEntryType> ListingOf(ImageLayer layer) =>
        layer.Entries is not null
            ? layer.Entries.ToDictionary(e => e.Path.TrimStart('/'), e => e.Kind switch
            {
                LayerEntryKind.Directory => TarEntryType.Directory,
                LayerEntryKind.SymbolicLink => TarEntryType.SymbolicLink,
                _ => TarEntryType.RegularFile,
            }, StringComparer.Ordinal)
            : OciMediaTypes.IsGzipLayer(layer.Descriptor.MediaType) ? ImageValidator.ReadListing(layer.BlobPath) : new Dictionary<string, TarEntryType>();
}
