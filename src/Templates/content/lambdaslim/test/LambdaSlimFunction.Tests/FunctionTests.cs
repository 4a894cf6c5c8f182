using System.Text.Json;

namespace LambdaSlimFunction.Tests;

public class FunctionTests
{
    [Fact]
    public async Task Greets_the_name_in_the_sample_event()
    {
        var request = JsonSerializer.Deserialize(File.ReadAllText("event.json"), FunctionJsonContext.Default.GreetingRequest)!;
        var context = new TestLambdaContext();

        var response = await Function.HandleAsync(request, context);

        Assert.Equal("Hello, Ada!", response.Greeting);
        Assert.Equal(context.AwsRequestId, response.RequestId);
        Assert.Contains("INFO Greeting Ada", context.Logger.Lines);
    }

    [Fact]
    public async Task Greets_the_world_when_there_is_no_name()
    {
        var response = await Function.HandleAsync(new GreetingRequest(null), new TestLambdaContext());

        Assert.Equal("Hello, world!", response.Greeting);
    }

    [Fact]
    public void The_answer_is_camel_case_json()
    {
        string json = JsonSerializer.Serialize(new GreetingResponse("Hello, Ada!", "r-1"), FunctionJsonContext.Default.GreetingResponse);

        Assert.Equal("""{"greeting":"Hello, Ada!","requestId":"r-1"}""", json);
    }
}
