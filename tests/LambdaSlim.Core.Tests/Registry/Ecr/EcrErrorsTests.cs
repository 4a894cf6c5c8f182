using System.Net;
using LambdaSlim.Core.Registry.Ecr;

namespace LambdaSlim.Core.Tests.Registry.Ecr;

public sealed class EcrErrorsTests
{
    private static readonly EcrCallContext Call = new("CreateRepository", new Uri("https://api.ecr.us-east-1.amazonaws.com/"), "us-east-1", "the AWS profile 'dev'", "lambda/hello");

    [Theory]
    [InlineData(null, "{\"__type\":\"RepositoryNotFoundException\",\"message\":\"gone\"}", "RepositoryNotFoundException", "gone")]
    [InlineData(null, "{\"__type\":\"com.amazonaws.ecr#AccessDeniedException\",\"Message\":\"no\"}", "AccessDeniedException", "no")]
    [InlineData("UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/", "{\"message\":\"bad\"}", "UnrecognizedClientException", "bad")]
    [InlineData(null, "<html>502 Bad Gateway</html>", "", "")]
    [InlineData(null, "", "", "")]
    public void Reads_the_error_code_from_the_header_or_the_body(string? header, string body, string code, string message)
    {
        var error = EcrErrors.Parse(HttpStatusCode.BadRequest, header, body);

        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("UnrecognizedClientException", "LSLIM3502", "AWS_ACCESS_KEY_ID")]
    [InlineData("InvalidClientTokenId", "LSLIM3502", "AWS_ACCESS_KEY_ID")]
    [InlineData("InvalidSignatureException", "LSLIM3503", "clock")]
    [InlineData("SignatureDoesNotMatch", "LSLIM3503", "secret access key")]
    [InlineData("ExpiredTokenException", "LSLIM3504", "aws sso login")]
    [InlineData("AccessDeniedException", "LSLIM3505", "ecr:CreateRepository")]
    [InlineData("InvalidParameterException", "LSLIM3508", "ContainerRepository")]
    [InlineData("LimitExceededException", "LSLIM3511", "LambdaEcrCreateRepository=false")]
    [InlineData("KmsException", "LSLIM3512", "region")]
    public void Maps_AWS_errors_to_coded_errors_that_say_what_to_check(string code, string expectedCode, string hint)
    {
        var exception = EcrErrors.ToException(new EcrApiError(HttpStatusCode.BadRequest, code, "AWS says no."), Call, []);

        var error = Assert.IsType<LambdaSlimException>(exception);
        Assert.Equal(expectedCode, error.Code);
        Assert.Contains(hint, error.Message);
        Assert.Contains(code, error.Message);
        Assert.Contains("the AWS profile 'dev'", error.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "ThrottlingException")]
    [InlineData(HttpStatusCode.InternalServerError, "ServerException")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "")]
    [InlineData(HttpStatusCode.TooManyRequests, "")]
    public void Throttling_and_server_errors_are_transient(HttpStatusCode status, string code)
    {
        var exception = EcrErrors.ToException(new EcrApiError(status, code, ""), Call, []);

        var transient = Assert.IsType<EcrTransientException>(exception);
        Assert.Equal("LSLIM3509", transient.Final.Code);
    }

    [Fact]
    public void A_non_AWS_answer_points_at_the_endpoint_override()
    {
        var error = Assert.IsType<LambdaSlimException>(EcrErrors.ToException(new EcrApiError(HttpStatusCode.NotFound, "", ""), Call, []));

        Assert.Equal("LSLIM3512", error.Code);
        Assert.Contains("AWS_ENDPOINT_URL_ECR", error.Message);
    }

    [Fact]
    public void Messages_lose_everything_after_the_first_line_and_every_secret_in_use()
    {
        // What AWS really sends for a bad signature: the canonical request it expected, security token included.
        const string token = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";
        const string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        var message = "The request signature we calculated does not match the signature you provided. (secret " + secret + ")\n\n"
            + "The Canonical String for this request should have been\n'POST\n/\n\nx-amz-security-token:" + token + "\n'";

        var error = Assert.IsType<LambdaSlimException>(EcrErrors.ToException(
            new EcrApiError(HttpStatusCode.BadRequest, "InvalidSignatureException", message), Call, [secret, token, null]));

        Assert.Contains("does not match the signature", error.Message);
        Assert.DoesNotContain(token, error.Message);
        Assert.DoesNotContain(secret, error.Message);
        Assert.DoesNotContain("Canonical String", error.Message);
    }
}
