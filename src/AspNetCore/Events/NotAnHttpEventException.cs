namespace LambdaSlim.AspNetCore.Events;

/// <summary>
/// The invocation's event is not an HTTP request the server can read: the invocation fails with this as its error
/// type (API Gateway answers 502), and the process goes on serving.
/// </summary>
internal sealed class NotAnHttpEventException(string message) : Exception(message)
{
    public static NotAnHttpEventException Unrecognised() => new(
        $"{AspNetCoreErrorCodes.NotAnHttpEvent}: the event is not an HTTP request from API Gateway (HTTP or REST API), a " +
        "function URL or an Application Load Balancer, so the ASP.NET Core app cannot serve it. Invoke this function " +
        "through one of them (or with an event of theirs, e.g. `lambdaslim invoke --event apigw-v2`).");

    public static NotAnHttpEventException Missing(LambdaEventSource source, string member) => new(
        $"{AspNetCoreErrorCodes.NotAnHttpEvent}: the event has no {member}, so it is not a {source} request. " +
        (source == LambdaEventSource.Detect ? "" : $"The server is pinned to {source} (LambdaSlimHostingOptions.EventSource): " +
            "pin the source that invokes the function, or leave it at Detect."));
}
