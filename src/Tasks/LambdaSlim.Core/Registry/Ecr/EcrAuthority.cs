using System.Collections.Concurrent;
using LambdaSlim.Core.Registry.Credentials;

namespace LambdaSlim.Core.Registry.Ecr;

/// <summary>
/// The registry client's view of Amazon ECR (<see cref="IEcrAuthority"/>) over one <see cref="EcrClient"/> per
/// registry host, so each host's token is fetched once per build and reused by every request.
/// </summary>
public sealed class EcrAuthority(EcrClientOptions? options = null) : IEcrAuthority, IDisposable
{
    private readonly EcrClientOptions _options = options ?? new EcrClientOptions();
    private readonly ConcurrentDictionary<string, Lazy<EcrClient>> _clients = new(StringComparer.OrdinalIgnoreCase);

    public bool IsEcrHost(string registry) => EcrRegistryHost.TryParse(registry, out _);

    public Task<RegistryCredential> GetCredentialAsync(string registry, CancellationToken cancellationToken)
        => ClientFor(registry).GetAuthorizationTokenAsync(cancellationToken);

    /// <summary>
    /// DescribeRepositories, then CreateRepository when it is missing. Push-only IAM policies often lack
    /// ecr:DescribeRepositories: then the check is skipped with a warning and the push goes ahead (a missing
    /// repository still fails the push with NAME_UNKNOWN, which says to create it).
    /// </summary>
    public async Task<bool> EnsureRepositoryAsync(string registry, string repository, CancellationToken cancellationToken)
    {
        var client = ClientFor(registry);
        try
        {
            if (await client.RepositoryExistsAsync(repository, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
        catch (LambdaSlimException e) when (e.Code == EcrErrors.AccessDeniedCode)
        {
            _options.Log.Warning($"Amazon ECR: cannot check whether repository '{repository}' exists ({e.Code}: the identity lacks ecr:DescribeRepositories); pushing without creating it. Set LambdaEcrCreateRepository=false to skip this check.");
            return false;
        }
        await client.CreateRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private EcrClient ClientFor(string registry)
    {
        if (!EcrRegistryHost.TryParse(registry, out var host))
        {
            throw new ArgumentException($"'{registry}' is not an Amazon ECR registry host.", nameof(registry));
        }
        return _clients.GetOrAdd(host.Host, _ => new Lazy<EcrClient>(() => new EcrClient(host, _options))).Value;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
