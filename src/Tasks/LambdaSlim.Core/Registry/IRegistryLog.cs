namespace LambdaSlim.Core.Registry;

/// <summary>
/// Where the registry code reports what it does. The MSBuild task maps it onto the build log, tests onto a
/// list they can search for secrets. Nothing passed here may contain a credential.
/// </summary>
public interface IRegistryLog
{
    /// <summary>A line the user sees at normal verbosity (pushed digests, URIs to deploy).</summary>
    void Info(string message);

    /// <summary>Progress and per-blob detail (detailed verbosity).</summary>
    void Detail(string message);

    /// <summary>Something worth attention that did not stop the work (a retry, a fallback to HTTP).</summary>
    void Warning(string message);
}

/// <summary>A log that drops everything, for callers that do not care.</summary>
public sealed class NullRegistryLog : IRegistryLog
{
    public static readonly NullRegistryLog Instance = new();

    public void Info(string message) { }

    public void Detail(string message) { }

    public void Warning(string message) { }
}
