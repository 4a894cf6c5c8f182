using System.Text;
using System.Text.Json;
using LambdaSlim.Events.Tests.Support;

namespace LambdaSlim.Events.Tests;

/// <summary>The HTTP events' helpers: header lookup that ignores case, base64 bodies, JSON responses.</summary>
public sealed class HttpEventTests
{
    private static T Sample<T>(string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(Samples.Read(name), type)!;

    private static APIGatewayProxyRequest RestRequest() => Sample("apigw-v1", LambdaEventsJsonContext.Default.APIGatewayProxyRequest);

    [Fact]
    public void A_REST_API_request_reads_headers_of_any_case_and_every_value()
    {
        var request = RestRequest();

        Assert.Equal("blue", request.GetHeader("x-tag"));
        Assert.Equal("blue", request.GetHeader("X-TAG"));
        Assert.Equal(["red", "blue"], request.GetHeaderValues("x-Tag"));
        Assert.Null(request.GetHeader("x-missing"));
        Assert.Empty(request.GetHeaderValues("x-missing"));
        Assert.Equal(["items", "customer"], request.MultiValueQueryStringParameters!["expand"]);
    }

    [Fact]
    public void A_REST_API_request_carries_stage_path_source_ip_and_cognito_claims()
    {
        var context = RestRequest().RequestContext!;

        Assert.Equal("prod", context.Stage);
        Assert.Equal("/prod/orders/1042", context.Path);
        Assert.Equal("203.0.113.10", context.Identity!.SourceIp);
        Assert.Equal("HTTP/1.1", context.Protocol);
        Assert.Equal(1795458600000, context.RequestTimeEpoch);
        Assert.Equal("ada@example.com", context.Authorizer!.Claims["email"]);
        Assert.Equal("ada", context.Authorizer.Claims["cognito:username"]);
        Assert.Null(context.Authorizer.PrincipalId);
    }

    [Fact]
    public void A_function_URL_request_decodes_its_base64_body_and_carries_the_IAM_caller()
    {
        var request = Sample("function-url", LambdaEventsJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a }, request.GetBodyBytes());
        Assert.Equal("arn:aws:iam::123456789012:user/ada", request.RequestContext!.Authorizer!.IAM!.UserARN);
        Assert.Equal(["session=3f1a9c", "theme=dark"], request.Cookies!);
        Assert.Equal("size=64&format=png&tag=a&tag=b", request.RawQueryString);
        Assert.Equal("image/png", request.GetHeader("Content-Type"));
    }

    [Fact]
    public void An_HTTP_API_request_reads_its_JSON_body()
    {
        var request = Sample("apigw-v2", LambdaEventsJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);

        JsonElement order = request.DeserializeBody(TestJsonContext.Default.JsonElement);

        Assert.Equal("coffee", order.GetProperty("item").GetString());
        Assert.Equal("$default", request.RequestContext!.Stage);
        Assert.Equal("203.0.113.10", request.RequestContext.Http!.SourceIp);
    }

    [Fact]
    public void An_ALB_request_decodes_a_base64_JSON_body()
    {
        var request = Sample("alb", LambdaEventsJsonContext.Default.ApplicationLoadBalancerRequest);

        Assert.Equal("""{"item":"tea","quantity":1}""", request.GetBodyText());
        Assert.Equal(1, request.DeserializeBody(TestJsonContext.Default.JsonElement).GetProperty("quantity").GetInt32());
        Assert.Equal("application/json", request.GetHeader("Content-Type"));
        Assert.Equal("web%20shop", request.QueryStringParameters!["source"]);
    }

    [Fact]
    public void An_ALB_request_with_multi_value_headers_gives_every_value_and_the_last_as_the_header()
    {
        var request = Sample("alb-multi", LambdaEventsJsonContext.Default.ApplicationLoadBalancerRequest);

        Assert.Null(request.Headers);
        Assert.Equal(["session=3f1a9c", "theme=dark"], request.GetHeaderValues("Cookie"));
        Assert.Equal("theme=dark", request.GetHeader("COOKIE"));
        Assert.Equal(["paid", "shipped"], request.MultiValueQueryStringParameters!["status"]);
        Assert.Equal("", request.GetBodyText());
        Assert.Empty(request.GetBodyBytes());
    }

    [Fact]
    public void A_body_that_claims_base64_but_is_not_fails_with_LSLIM6001()
    {
        var request = new APIGatewayHttpApiV2ProxyRequest { Body = "{\"not\":\"base64\"}", IsBase64Encoded = true };

        var error = Assert.Throws<FormatException>(() => request.GetBodyBytes());

        Assert.StartsWith("LSLIM6001:", error.Message);
        Assert.Contains("isBase64Encoded", error.Message);
    }

    [Fact]
    public void Reading_an_empty_body_as_JSON_fails_with_LSLIM6005()
    {
        var request = new APIGatewayProxyRequest();

        var error = Assert.Throws<JsonException>(() => request.DeserializeBody(TestJsonContext.Default.JsonElement));

        Assert.StartsWith("LSLIM6005:", error.Message);
    }

    [Fact]
    public void JSON_text_and_binary_responses_are_written_as_each_API_expects()
    {
        var body = new Dictionary<string, string> { ["greeting"] = "Hello" };

        Assert.Equal("""{"statusCode":201,"headers":{"content-type":"application/json"},"body":"{\u0022greeting\u0022:\u0022Hello\u0022}","isBase64Encoded":false}""",
            JsonSerializer.Serialize(APIGatewayHttpApiV2ProxyResponse.Json(201, body, TestJsonContext.Default.DictionaryStringString),
                LambdaEventsJsonContext.Default.APIGatewayHttpApiV2ProxyResponse));
        Assert.Equal("""{"statusCode":404,"headers":{"Content-Type":"text/plain; charset=utf-8"},"body":"nothing here","isBase64Encoded":false}""",
            JsonSerializer.Serialize(APIGatewayProxyResponse.Text(404, "nothing here"), LambdaEventsJsonContext.Default.APIGatewayProxyResponse));
        Assert.Equal("""{"statusCode":200,"headers":{"content-type":"image/png"},"body":"iVBORw==","isBase64Encoded":true}""",
            JsonSerializer.Serialize(ApplicationLoadBalancerResponse.Binary(200, [0x89, 0x50, 0x4e, 0x47], "image/png"),
                LambdaEventsJsonContext.Default.ApplicationLoadBalancerResponse));
    }

    [Fact]
    public void Response_cookies_and_appended_header_values_are_written()
    {
        var response = APIGatewayHttpApiV2ProxyResponse.Text(200, "ok");
        response.Cookies = ["session=3f1a; Secure; HttpOnly"];
        response.SetHeaderValues("cache-control", "no-store", append: false);
        response.SetHeaderValues("cache-control", ["private", "max-age=0"], append: true);

        string json = JsonSerializer.Serialize(response, LambdaEventsJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);

        Assert.Contains("\"cache-control\":\"no-store,private,max-age=0\"", json);
        Assert.Contains("\"cookies\":[\"session=3f1a; Secure; HttpOnly\"]", json);
    }

    [Fact]
    public void A_REST_API_response_with_multi_value_headers_is_written()
    {
        var response = new APIGatewayProxyResponse
        {
            StatusCode = 200,
            MultiValueHeaders = new Dictionary<string, IList<string>> { ["Set-Cookie"] = ["a=1", "b=2"] },
            Body = Convert.ToBase64String(Encoding.UTF8.GetBytes("hi")),
            IsBase64Encoded = true,
        };

        Assert.Equal("""{"statusCode":200,"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},"body":"aGk=","isBase64Encoded":true}""",
            JsonSerializer.Serialize(response, LambdaEventsJsonContext.Default.APIGatewayProxyResponse));
    }
}
