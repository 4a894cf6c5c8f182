using System.Text.RegularExpressions;

namespace LambdaSlim.Core.Registry;

/// <summary>
/// A parsed image reference <c>[REGISTRY/]REPOSITORY[:TAG][@DIGEST]</c>, with docker's defaults: no registry
/// means Docker Hub (<c>docker.io</c>, reached at <c>registry-1.docker.io</c>), a one-segment Docker Hub name
/// gets <c>library/</c>, no tag and no digest means <c>latest</c>.
/// </summary>
public sealed partial record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    private const string DockerHub = "docker.io";

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryName();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagName();

    /// <summary>The tag or digest to ask the registry for (the digest wins when both are given).</summary>
    public string Reference => Digest ?? Tag ?? "latest";

    /// <summary>The host the HTTP requests go to (Docker Hub's API host differs from its name).</summary>
    public string ApiHost => Registry == DockerHub ? "registry-1.docker.io" : Registry;

    public override string ToString()
        => $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    public static ImageReference Parse(string text)
    {
        if (!TryParse(text, out var reference, out var problem))
        {
            throw new LambdaSlimException("LSLIM3008",
                $"'{text}' is not a valid image reference ({problem}). Use REGISTRY/REPOSITORY[:TAG][@sha256:DIGEST], e.g. public.ecr.aws/lambda/provided:al2023.");
        }
        return reference;
    }

    public static bool TryParse(string text, out ImageReference reference, out string problem)
    {
        reference = null!;
        problem = "";
        var rest = text.Trim();
        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!Digests.IsValid(digest))
            {
                problem = "the digest is not sha256:<64 lower-case hex digits>";
                return false;
            }
        }

        string registry = DockerHub;
        var slash = rest.IndexOf('/');
        if (slash > 0)
        {
            var first = rest[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost" || first.StartsWith('['))
            {
                registry = first;
                rest = rest[(slash + 1)..];
            }
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagName().IsMatch(tag))
            {
                problem = $"the tag '{tag}' has characters a tag cannot have";
                return false;
            }
        }

        if (registry == DockerHub && !rest.Contains('/'))
        {
            rest = "library/" + rest;
        }
        if (!RepositoryName().IsMatch(rest))
        {
            problem = $"the repository '{rest}' must be lower-case letters, digits and separators";
            return false;
        }
        if (tag is null && digest is null)
        {
            tag = "latest";
        }
        reference = new ImageReference(registry, rest, tag, digest);
        return true;
    }

    /// <summary>True when a repository name is valid for the registry API (checked before any request).</summary>
    public static bool IsValidRepository(string repository) => RepositoryName().IsMatch(repository);

    public static bool IsValidTag(string tag) => TagName().IsMatch(tag);
}
