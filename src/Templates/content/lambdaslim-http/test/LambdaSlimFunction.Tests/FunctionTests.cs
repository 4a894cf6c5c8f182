using System.Text.Json;
using LambdaSlim.Events;

namespace LambdaSlimFunction.Tests;

public class FunctionTests
{
    // event.json is an HTTP API request: POST /orders with {"item":"coffee","quantity":2,"to":"desk 4"}.
    private static APIGatewayHttpApiV2ProxyRequest SampleEvent() =>
        JsonSerializer.Deserialize(File.ReadAllText("event.json"), AppJsonContext.Default.APIGatewayHttpApiV2ProxyRequest)!;

    [Fact]
    public async Task The_sample_order_is_accepted()
    {
        var context = new TestLambdaContext();

        var response = await Function.HandleAsync(SampleEvent(), context);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("application/json", response.Headers!["content-type"]);
        var accepted = JsonSerializer.Deserialize(response.Body!, AppJsonContext.Default.OrderAccepted)!;
        Assert.Equal(new OrderAccepted(context.AwsRequestId, "coffee", 2, "desk 4"), accepted);
    }

    [Fact]
    public async Task A_base64_body_is_read_too()
    {
        var request = SampleEvent();
        request.Body = Convert.ToBase64String("""{"item":"tea","quantity":1}"""u8);
        request.IsBase64Encoded = true;

        var response = await Function.HandleAsync(request, new TestLambdaContext());

        Assert.Equal(201, response.StatusCode);
        Assert.Contains("\"item\":\"tea\"", response.Body);
    }

    [Theory]
    [InlineData("""{"item":"coffee","quantity":0}""")]
    [InlineData("""{"quantity":2}""")]
    [InlineData("not json")]
    public async Task A_bad_order_is_answered_400(string body)
    {
        var request = SampleEvent();
        request.Body = body;

        var response = await Function.HandleAsync(request, new TestLambdaContext());

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task Hello_greets_the_name_in_the_query()
    {
        var request = SampleEvent();
        request.RawPath = "/hello";
        request.RequestContext!.Http!.Method = "GET";
        request.QueryStringParameters = new Dictionary<string, string> { ["name"] = "Ada" };

        var response = await Function.HandleAsync(request, new TestLambdaContext());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("""{"greeting":"Hello, Ada!"}""", response.Body);
    }

    [Fact]
    public async Task An_unknown_route_is_answered_404()
    {
        var request = SampleEvent();
        request.RawPath = "/nowhere";

        var response = await Function.HandleAsync(request, new TestLambdaContext());

        Assert.Equal(404, response.StatusCode);
    }
}
