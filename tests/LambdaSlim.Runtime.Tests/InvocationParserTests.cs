using System.Text;
using LambdaSlim.Runtime.Api;
using LambdaSlim.Runtime.Http;

namespace LambdaSlim.Runtime.Tests;

public class InvocationParserTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static Invocation Parse(List<string> warnings, params (string Name, string Value)[] headers)
    {
        var collection = new HttpHeaderCollection();
        foreach (var (name, value) in headers)
        {
            collection.Add(name, value);
        }
        var response = new HttpResponse(200, "OK", collection, Encoding.UTF8.GetBytes("{\"x\":1}"), new HttpHeaderCollection(), true);
        return InvocationParser.Parse(response, Now, warnings);
    }

    [Fact]
    public void AllHeadersAreRead()
    {
        var warnings = new List<string>();
        Invocation invocation = Parse(warnings,
            ("lambda-runtime-aws-request-id", "req-1"),
            ("Lambda-Runtime-Deadline-Ms", "1700000003000"),
            ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:f"),
            ("Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"),
            ("Lambda-Runtime-Client-Context", "{\"client\":{\"app_title\":\"t\"},\"custom\":{},\"env\":{}}"),
            ("Lambda-Runtime-Cognito-Identity", "{\"cognitoIdentityId\":\"id\",\"cognitoIdentityPoolId\":\"pool\"}"),
            ("Lambda-Runtime-Aws-Tenant-Id", "tenant-7"),
            ("Lambda-Runtime-Invocation-Id", "inv-3"));
        Assert.Empty(warnings);
        Assert.Equal("req-1", invocation.RequestId);
        Assert.Equal(Now.AddSeconds(3), invocation.Deadline);
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:f", invocation.InvokedFunctionArn);
        Assert.StartsWith("Root=1-5bef4de7", invocation.TraceId);
        Assert.Contains("app_title", invocation.ClientContext);
        Assert.Contains("cognitoIdentityId", invocation.CognitoIdentity);
        Assert.Equal("tenant-7", invocation.TenantId);
        Assert.Equal("inv-3", invocation.InvocationId);
        Assert.Equal("{\"x\":1}", Encoding.UTF8.GetString(invocation.Body.Span));
    }

    [Fact]
    public void MissingRequestIdMakesTheEventUnservable()
    {
        var error = Assert.Throws<InvalidInvocationException>(() => Parse([], ("Lambda-Runtime-Deadline-Ms", "1700000003000")));
        Assert.StartsWith("LSLIM4009", error.Message);
    }

    [Fact]
    public void MissingOptionalHeadersGiveEmptyValues()
    {
        var warnings = new List<string>();
        Invocation invocation = Parse(warnings, ("Lambda-Runtime-Aws-Request-Id", "r"), ("Lambda-Runtime-Deadline-Ms", "1700000003000"));
        Assert.Empty(warnings);
        Assert.Equal("", invocation.InvokedFunctionArn);
        Assert.Null(invocation.TraceId);
        Assert.Null(invocation.ClientContext);
        Assert.Null(invocation.CognitoIdentity);
        Assert.Null(invocation.TenantId);
        Assert.Null(invocation.InvocationId);
    }

    [Fact]
    public void MissingDeadlineAssumesFifteenMinutesAndWarns()
    {
        var warnings = new List<string>();
        Invocation invocation = Parse(warnings, ("Lambda-Runtime-Aws-Request-Id", "r"));
        Assert.Equal(Now.AddMinutes(15), invocation.Deadline);
        Assert.Contains("no Lambda-Runtime-Deadline-Ms", Assert.Single(warnings));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("1.5e12")]
    [InlineData("0")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public void BadDeadlineAssumesFifteenMinutesAndWarns(string deadline)
    {
        var warnings = new List<string>();
        Invocation invocation = Parse(warnings, ("Lambda-Runtime-Aws-Request-Id", "r"), ("Lambda-Runtime-Deadline-Ms", deadline));
        Assert.Equal(Now.AddMinutes(15), invocation.Deadline);
        Assert.Single(warnings);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"a\":1}}")]
    [InlineData("{'a':1}")]
    [InlineData("[1,]")]
    public void BadClientContextJsonIsDroppedWithAWarning(string json)
    {
        var warnings = new List<string>();
        Invocation invocation = Parse(warnings, ("Lambda-Runtime-Aws-Request-Id", "r"), ("Lambda-Runtime-Deadline-Ms", "1700000003000"),
            ("Lambda-Runtime-Client-Context", json));
        Assert.Null(invocation.ClientContext);
        Assert.Contains("Lambda-Runtime-Client-Context", Assert.Single(warnings));
    }

    [Fact]
    public void BadCognitoIdentityJsonIsDroppedWithAWarning()
    {
        var warnings = new List<string>();
        Invocation invocation = Parse(warnings, ("Lambda-Runtime-Aws-Request-Id", "r"), ("Lambda-Runtime-Deadline-Ms", "1700000003000"),
            ("Lambda-Runtime-Cognito-Identity", "{\"cognitoIdentityId\":"));
        Assert.Null(invocation.CognitoIdentity);
        Assert.Contains("Lambda-Runtime-Cognito-Identity", Assert.Single(warnings));
    }
}
