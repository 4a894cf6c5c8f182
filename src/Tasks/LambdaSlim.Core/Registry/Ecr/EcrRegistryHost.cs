using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace LambdaSlim.Core.Registry.Ecr;

/// <summary>
/// A private Amazon ECR registry host and what it implies: the account that owns the registry, the region, the
/// FIPS flavour, and the ECR API endpoint that hands out tokens for it. The host names are AWS's published ones
/// (AWS General Reference, "Amazon ECR endpoints and quotas"):
/// <code>
/// registry host                                    API endpoint
/// ACCOUNT.dkr.ecr.REGION.amazonaws.com             api.ecr.REGION.amazonaws.com
/// ACCOUNT.dkr.ecr-fips.REGION.amazonaws.com        ecr-fips.REGION.amazonaws.com   (no "api." in the FIPS name)
/// ACCOUNT.dkr.ecr.REGION.amazonaws.com.cn          api.ecr.REGION.amazonaws.com.cn (China; no FIPS endpoints)
/// ACCOUNT.dkr-ecr.REGION.on.aws                    ecr.REGION.api.aws              (dual-stack, IPv4 + IPv6)
/// ACCOUNT.dkr-ecr-fips.REGION.on.aws               ecr-fips.REGION.api.aws
/// </code>
/// Public ECR (<c>public.ecr.aws</c>) is not a private registry and is not matched: it is an ordinary
/// token-auth registry for pulls.
/// </summary>
public sealed partial record EcrRegistryHost
{
    // REGION is the AWS shape "us-east-1", "us-gov-west-1", "cn-northwest-1", "ap-southeast-5": letters, dashes, a number.
    [GeneratedRegex(@"^(?<account>[0-9]{12})\.dkr\.ecr(?<fips>-fips)?\.(?<region>[a-z]{2}(?:-[a-z]+)+-[0-9]+)\.amazonaws\.com(?<cn>\.cn)?$", RegexOptions.CultureInvariant)]
    private static partial Regex StandardHost();

    [GeneratedRegex(@"^(?<account>[0-9]{12})\.dkr-ecr(?<fips>-fips)?\.(?<region>[a-z]{2}(?:-[a-z]+)+-[0-9]+)\.on\.aws$", RegexOptions.CultureInvariant)]
    private static partial Regex DualStackHost();

    [GeneratedRegex(@"^[a-z]{2}(?:-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();

    /// <summary>True for a name of the AWS region shape (<c>us-east-1</c>, <c>us-gov-west-1</c>, <c>cn-north-1</c>).</summary>
    public static bool IsRegionName(string? region) => region is not null && RegionName().IsMatch(region);

    private EcrRegistryHost(string host, string account, string region, bool isFips, bool isDualStack, Uri apiEndpoint)
    {
        Host = host;
        Account = account;
        Region = region;
        IsFips = isFips;
        IsDualStack = isDualStack;
        ApiEndpoint = apiEndpoint;
    }

    /// <summary>The registry host, lower-cased (e.g. <c>123456789012.dkr.ecr.eu-west-1.amazonaws.com</c>).</summary>
    public string Host { get; }

    /// <summary>The 12-digit AWS account id that owns the registry (ECR's <c>registryId</c>).</summary>
    public string Account { get; }

    /// <summary>The AWS region, also the SigV4 signing region of the API calls.</summary>
    public string Region { get; }

    /// <summary>True for the FIPS 140 endpoints (<c>dkr.ecr-fips</c>, <c>dkr-ecr-fips</c>).</summary>
    public bool IsFips { get; }

    /// <summary>True for the dual-stack (IPv4 and IPv6) host names under <c>on.aws</c>.</summary>
    public bool IsDualStack { get; }

    /// <summary>The ECR API endpoint of the same region, partition, FIPS and dual-stack flavour.</summary>
    public Uri ApiEndpoint { get; }

    public override string ToString() => Host;

    /// <summary>
    /// Recognises an ECR registry host (case-insensitive, no port, no scheme). Anything else, including hosts
    /// that only look like ECR (11-digit account, FIPS in China, an unknown domain), gives false.
    /// </summary>
    public static bool TryParse(string? host, [NotNullWhen(true)] out EcrRegistryHost? ecr)
    {
        ecr = null;
        if (string.IsNullOrWhiteSpace(host))
        {
            return false;
        }
        var name = host.Trim().ToLowerInvariant();

        var standard = StandardHost().Match(name);
        if (standard.Success)
        {
            var isFips = standard.Groups["fips"].Success;
            var isChina = standard.Groups["cn"].Success;
            var region = standard.Groups["region"].Value;
            // China regions live only under amazonaws.com.cn and have no FIPS endpoints; the reverse is not ECR either.
            if (isChina != region.StartsWith("cn-", StringComparison.Ordinal) || (isChina && isFips))
            {
                return false;
            }
            var suffix = isChina ? "amazonaws.com.cn" : "amazonaws.com";
            var api = isFips ? $"https://ecr-fips.{region}.{suffix}/" : $"https://api.ecr.{region}.{suffix}/";
            ecr = new EcrRegistryHost(name, standard.Groups["account"].Value, region, isFips, isDualStack: false, new Uri(api));
            return true;
        }

        var dualStack = DualStackHost().Match(name);
        if (dualStack.Success)
        {
            var isFips = dualStack.Groups["fips"].Success;
            var region = dualStack.Groups["region"].Value;
            if (region.StartsWith("cn-", StringComparison.Ordinal))
            {
                // China's dual-stack names are under a different domain; on.aws never serves China regions.
                return false;
            }
            var api = $"https://ecr{(isFips ? "-fips" : "")}.{region}.api.aws/";
            ecr = new EcrRegistryHost(name, dualStack.Groups["account"].Value, region, isFips, isDualStack: true, new Uri(api));
            return true;
        }
        return false;
    }

    /// <summary>
    /// The regular (IPv4, non-FIPS) API endpoint of a region: what a client built from a bare region uses.
    /// </summary>
    public static Uri ApiEndpointFor(string region)
    {
        if (!IsRegionName(region))
        {
            throw new LambdaSlimException("LSLIM3513",
                $"'{region}' is not an AWS region name. Use a region such as us-east-1 or eu-west-1 (the region of the ECR registry host).");
        }
        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://api.ecr.{region}.{suffix}/");
    }
}
