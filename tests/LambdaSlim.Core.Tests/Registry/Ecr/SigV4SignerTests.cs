using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using LambdaSlim.Core.Registry.Ecr;

namespace LambdaSlim.Core.Tests.Registry.Ecr;

/// <summary>
/// The signer against AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite: access key
/// AKIDEXAMPLE, region us-east-1, service "service", 2015-08-30T12:36:00Z). Expected canonical requests,
/// strings to sign and Authorization headers are AWS's, copied from the suite, not produced by this code.
/// </summary>
public sealed class SigV4SignerTests
{
    private static readonly AwsSigningCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Scope = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

    private static SigV4Signature SignSuite(string method, string url, string body = "", params (string Name, string Value)[] extraHeaders)
    {
        var headers = new List<KeyValuePair<string, string>>();
        headers.AddRange(extraHeaders.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)));
        headers.Add(new("Host", "example.amazonaws.com"));
        headers.Add(new("X-Amz-Date", "20150830T123600Z"));
        var request = new SigV4Request(method, new Uri(url), headers, Encoding.UTF8.GetBytes(body));
        return SigV4Signer.Sign(request, Example, "us-east-1", "service", SuiteTime);
    }

    [Fact]
    public void GetVanilla_matches_the_suite_at_every_step()
    {
        var signed = SignSuite("GET", "https://example.amazonaws.com/");

        Assert.Equal(
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EmptyHash,
            signed.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            signed.StringToSign);
        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            signed.Authorization);
    }

    [Fact]
    public void PostVanilla_matches_the_suite()
    {
        var signed = SignSuite("POST", "https://example.amazonaws.com/");

        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
            signed.StringToSign);
        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            signed.Authorization);
    }

    [Fact]
    public void PostXWwwFormUrlencoded_signs_the_body_and_the_content_type()
    {
        var signed = SignSuite("POST", "https://example.amazonaws.com/", "Param1=value1", ("Content-Type", "application/x-www-form-urlencoded"));

        Assert.Equal(
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            + "content-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            signed.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
            signed.StringToSign);
        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
            signed.Authorization);
    }

    [Fact]
    public void GetHeaderValueTrim_trims_and_collapses_spaces_even_inside_quotes()
    {
        var signed = SignSuite("GET", "https://example.amazonaws.com/", "", ("My-Header1", " value1"), ("My-Header2", " \"a   b   c\""));

        Assert.Equal(
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\n"
            + "host;my-header1;my-header2;x-amz-date\n" + EmptyHash,
            signed.CanonicalRequest);
        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
            signed.Authorization);
    }

    [Fact]
    public void GetHeaderKeyDuplicate_joins_repeated_headers_in_order()
    {
        var signed = SignSuite("GET", "https://example.amazonaws.com/", "", ("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1"));

        Assert.Contains("\nmy-header1:value2,value2,value1\n", signed.CanonicalRequest);
        Assert.Equal("c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea", signed.Signature);
    }

    [Theory]
    // post-header-key-sort and post-header-value-case: names sort, values keep their case.
    [InlineData("My-Header1", "value1", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c")]
    [InlineData("My-Header1", "VALUE1", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d")]
    public void PostHeader_vectors(string name, string value, string expectedSignature)
    {
        Assert.Equal(expectedSignature, SignSuite("POST", "https://example.amazonaws.com/", "", (name, value)).Signature);
    }

    [Theory]
    // get-vanilla-query-order-key-case: sorted by encoded name; get-vanilla-utf8-query: UTF-8 percent-encoded;
    // get-unreserved: the unreserved characters stay as they are.
    [InlineData("https://example.amazonaws.com/?Param2=value2&Param1=value1", "Param1=value1&Param2=value2", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    [InlineData("https://example.amazonaws.com/?\u1234=bar", "%E1%88%B4=bar", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04")]
    [InlineData("https://example.amazonaws.com/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f")]
    public void Query_and_path_vectors(string url, string canonicalQuery, string expectedSignature)
    {
        var signed = SignSuite("GET", url);

        Assert.Equal(canonicalQuery, signed.CanonicalRequest.Split('\n')[2]);
        Assert.Equal(expectedSignature, signed.Signature);
    }

    [Fact]
    public void GetVanillaWithSessionToken_signs_the_security_token_header()
    {
        const string token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
        var signed = SignSuite("GET", "https://example.amazonaws.com/", "", ("X-Amz-Security-Token", token));

        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8",
            signed.Authorization);
    }

    /// <summary>
    /// A second, independent opinion on an ECR-shaped request: AWSSDK.Core's own signer. It always adds and signs
    /// x-amz-content-sha256, so that header is handed to ours too; the signatures must then agree.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData("FwoGZXIvYXdzEJr//////////wEaDEXAMPLEsessiontoken")]
    public async Task Agrees_with_the_AWS_SDK_signer_on_an_ECR_request(string? sessionToken)
    {
        var body = Encoding.UTF8.GetBytes("{\"repositoryNames\":[\"lambda/hello\"]}");
        var uri = new Uri("https://api.ecr.eu-west-1.amazonaws.com/");
        var time = new DateTimeOffset(2026, 11, 23, 17, 30, 5, TimeSpan.Zero);
        var sdkRequest = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = uri, Content = body };
        sdkRequest.Headers["Content-Type"] = "application/x-amz-json-1.1";
        sdkRequest.Headers["X-Amz-Target"] = "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories";
        AWSCredentials sdkCredentials = sessionToken is null
            ? new BasicAWSCredentials("AKIDEXAMPLE", Example.SecretAccessKey)
            : new SessionAWSCredentials("AKIDEXAMPLE", Example.SecretAccessKey, sessionToken);
        var sdk = await AWSSigV4Signer.SignAsync(sdkRequest, new AWSSigV4Parameters
        {
            Credentials = sdkCredentials,
            Region = RegionEndpoint.EUWest1,
            Service = "ecr",
            SignedAt = time.UtcDateTime,
        }, CancellationToken.None);

        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", "application/x-amz-json-1.1"),
            new("Host", "api.ecr.eu-west-1.amazonaws.com"),
            new("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories"),
        };
        headers.AddRange(sdk.Headers.Where(h => h.Key != "Authorization"));
        var ours = SigV4Signer.Sign(new SigV4Request("POST", uri, headers, body),
            new AwsSigningCredentials("AKIDEXAMPLE", Example.SecretAccessKey, sessionToken), "eu-west-1", "ecr", time);

        Assert.Equal(sdk.Headers["Authorization"], ours.Authorization);
        Assert.Contains("x-amz-target", ours.SignedHeaders.Split(';'));
    }

    [Fact]
    public void A_different_secret_gives_a_different_signature()
    {
        var request = new SigV4Request("GET", new Uri("https://example.amazonaws.com/"),
            [new("Host", "example.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z")], ReadOnlyMemory<byte>.Empty);
        var other = SigV4Signer.Sign(request, Example with { SecretAccessKey = "another" }, "us-east-1", "service", SuiteTime);

        Assert.NotEqual("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", other.Signature);
    }

    [Fact]
    public void Credentials_never_print_their_secrets()
    {
        var text = new AwsSigningCredentials("AKIDEXAMPLE", "the-secret-key", "the-session-token").ToString();

        Assert.Contains("AKIDEXAMPLE", text);
        Assert.DoesNotContain("the-secret-key", text);
        Assert.DoesNotContain("the-session-token", text);
    }
}
