namespace LambdaSlim.Core.Registry.Ecr;

/// <summary>
/// Which URL the ECR API calls go to, with the AWS SDKs' and CLI's service-specific endpoint variables:
/// <c>AWS_ENDPOINT_URL_ECR</c>, else <c>AWS_ENDPOINT_URL</c>, else the regional endpoint; both variables are
/// ignored when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is <c>true</c>. The override changes only where
/// requests go: they are still signed for the registry's region and the "ecr" service, which is what
/// LocalStack-style emulators and VPC endpoints expect.
/// </summary>
public sealed record EcrEndpoint(Uri Uri, string Source)
{
    public const string ServiceVariable = "AWS_ENDPOINT_URL_ECR";
    public const string GlobalVariable = "AWS_ENDPOINT_URL";
    public const string IgnoreVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    public static EcrEndpoint Resolve(Uri regional, Func<string, string?> environment)
    {
        if (!string.Equals(environment(IgnoreVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var variable in new[] { ServiceVariable, GlobalVariable })
            {
                var value = environment(variable)?.Trim();
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }
                if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                    || !string.IsNullOrEmpty(uri.UserInfo))
                {
                    // The value is not echoed: a URL with user info may carry a password.
                    throw new LambdaSlimException("LSLIM3507",
                        $"{variable} is not an absolute http(s) URL without user info. Set it to the ECR API endpoint to use (e.g. https://api.ecr.us-east-1.amazonaws.com or http://127.0.0.1:4566), or unset it.");
                }
                return new EcrEndpoint(uri, variable);
            }
        }
        return new EcrEndpoint(regional, "the regional endpoint");
    }
}
