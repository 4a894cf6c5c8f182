using System.CommandLine;
using System.Globalization;
using LambdaSlim.Core;
using LambdaSlim.Core.Report;
using LambdaSlim.Emulator.Local;

namespace LambdaSlim.Cli;

/// <summary>
/// <c>lambdaslim inspect IMAGE</c>: per architecture the manifest digest, the layers (compressed and uncompressed
/// bytes, digests) each with its files and their sizes, and the <c>aws lambda create-function</c> line for that digest.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(SharedOptions shared)
    {
        var repository = new Option<string>("--repository")
        {
            Description = "The image repository for the create-function line (default: an ECR placeholder).",
            DefaultValueFactory = _ => ImageReport.RepositoryPlaceholder + "REPOSITORY",
        };
        var functionName = new Option<string>("--function-name")
        {
            Description = "The function name for the create-function line.",
            DefaultValueFactory = _ => "FUNCTION",
        };
        var command = new Command("inspect", "Print the size and content report of an image, per architecture.")
        {
            shared.Image, repository, functionName,
        };
        command.SetAction(result =>
        {
            var layout = OpenLayout(result.GetValue(shared.Image)!);
            foreach (var line in Format(ImageInspection.Inspect(layout), result.GetValue(repository)!, result.GetValue(functionName)!))
            {
                Console.Out.WriteLine(line);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    internal static IEnumerable<string> Format(IReadOnlyList<InspectedImage> images, string repository, string functionName)
    {
        foreach (var image in images)
        {
            yield return $"{image.Architecture} ({image.Platform})  manifest {image.ManifestDigest}";
            if (image.Tags.Count > 0)
            {
                yield return $"  tags: {string.Join(", ", image.Tags)}";
            }
            yield return $"  {"layer",-73} {"compressed",12} {"uncompressed",12}";
            foreach (var layer in image.Layers)
            {
                yield return $"  {layer.Digest,-73} {Bytes(layer.CompressedBytes),12} {Bytes(layer.UncompressedBytes),12}  {layer.CreatedBy}";
                foreach (var file in layer.Files)
                {
                    yield return file.LinkTarget is null
                        ? $"      {file.Path,-69} {Bytes(file.Size),12}"
                        : $"      {file.Path,-69} -> {file.LinkTarget}";
                }
            }
            yield return $"  {"total",-73} {Bytes(image.CompressedBytes),12} {Bytes(image.UncompressedBytes),12}";
            yield return $"  aws lambda create-function --function-name {functionName} --package-type Image --architectures {image.Architecture} " +
                         $"--code ImageUri={repository}@{image.ManifestDigest} --role ROLE_ARN";
            yield return "";
        }
    }

    private static OciLayoutImage OpenLayout(string image)
    {
        var path = Path.GetFullPath(image);
        if (Directory.Exists(path))
        {
            return OciLayoutImage.Open(path);
        }
        if (File.Exists(path) && OciArchive.IsTar(path))
        {
            return OciLayoutImage.Open(OciArchive.Extract(path, LocalCache.DefaultRoot()));
        }
        throw new LambdaSlimException(LocalErrorCodes.ImageNotFound,
            $"'{image}' is not an OCI image layout folder or OCI archive. Pass bin/<Configuration>/lambda/image/ or its image.tar.");
    }

    private static string Bytes(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture);
}
