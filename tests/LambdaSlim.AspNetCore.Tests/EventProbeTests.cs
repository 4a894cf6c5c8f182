using System.Text;
using LambdaSlim.AspNetCore.Events;
using LambdaSlim.AspNetCore.Tests.Support;

namespace LambdaSlim.AspNetCore.Tests;

/// <summary>Telling the HTTP events apart, on LambdaSlim.Events' sample documents and on what is none of them.</summary>
public sealed class EventProbeTests
{
    [Theory]
    [InlineData("apigw-v2", LambdaEventSource.HttpApi)]
    [InlineData("function-url", LambdaEventSource.HttpApi)]
    [InlineData("apigw-v1", LambdaEventSource.RestApi)]
    [InlineData("alb", LambdaEventSource.ApplicationLoadBalancer)]
    [InlineData("alb-multi", LambdaEventSource.ApplicationLoadBalancer)]
    public void Each_sample_is_detected_as_its_source(string sample, LambdaEventSource expected)
    {
        Assert.Equal(expected, EventProbe.Detect(File.ReadAllBytes(Samples.Path(sample))));
    }

    [Theory]
    [InlineData("sqs")]
    [InlineData("s3")]
    [InlineData("eventbridge")]
    public void Other_events_are_none(string sample)
    {
        Assert.Null(EventProbe.Detect(File.ReadAllBytes(Samples.Path(sample))));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{\"version\":2}")]
    [InlineData("not json")]
    public void What_is_not_an_object_of_the_expected_shape_is_none(string json)
    {
        Assert.Null(EventProbe.Detect(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void An_HTTP_API_on_payload_format_1_0_reads_as_a_REST_API_which_has_that_shape()
    {
        Assert.Equal(LambdaEventSource.RestApi, EventProbe.Detect("""{"version":"1.0","httpMethod":"GET","path":"/"}"""u8));
    }
}
