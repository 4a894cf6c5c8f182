namespace LambdaSlim.Events.Http;

/// <summary>What the HTTP response events (REST API, HTTP API and function URL, ALB) have in common.</summary>
internal interface IHttpEventResponse
{
    int StatusCode { get; set; }
    IDictionary<string, string>? Headers { get; set; }
    string? Body { get; set; }
    bool IsBase64Encoded { get; set; }
}
