namespace LambdaSlim.AspNetCore;

/// <summary>Which AWS service sends the app its HTTP requests, as Lambda events.</summary>
public enum LambdaEventSource
{
    /// <summary>
    /// Read it from each event (the default): payload format 2.0 (<c>"version": "2.0"</c>) is an HTTP API or a function
    /// URL, a <c>requestContext.elb</c> is an Application Load Balancer, any other event with an <c>httpMethod</c> is a
    /// REST API (or an HTTP API with payload format 1.0, which has the same shape).
    /// </summary>
    Detect,

    /// <summary>API Gateway HTTP API with payload format 2.0, and Lambda function URLs (the same format).</summary>
    HttpApi,

    /// <summary>API Gateway REST API (payload format 1.0; also HTTP APIs set to payload format 1.0).</summary>
    RestApi,

    /// <summary>Application Load Balancer, with or without multi-value headers.</summary>
    ApplicationLoadBalancer,
}
