using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LambdaSlim.Events.Http;

namespace LambdaSlim.Events;

/// <summary>
/// A request from an API Gateway REST API through a Lambda proxy integration (payload format 1.0; also WebSocket
/// APIs). API Gateway fills both the single-value maps (last value wins) and the multi-value maps.
/// </summary>
public class APIGatewayProxyRequest
{
    /// <summary>The resource path template that matched, e.g. <c>/orders/{id}</c>.</summary>
    [JsonPropertyName("resource")] public string? Resource { get; set; }

    /// <summary>The request path as the client sent it (no stage prefix on the default execute-api host).</summary>
    [JsonPropertyName("path")] public string? Path { get; set; }

    [JsonPropertyName("httpMethod")] public string? HttpMethod { get; set; }

    /// <summary>One value per header (the last one when the client sent several); names in the client's case.</summary>
    [JsonPropertyName("headers")] public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Every value of every header.</summary>
    [JsonPropertyName("multiValueHeaders")] public IDictionary<string, IList<string>>? MultiValueHeaders { get; set; }

    /// <summary>One value per query parameter (the last one), URL-decoded.</summary>
    [JsonPropertyName("queryStringParameters")] public IDictionary<string, string>? QueryStringParameters { get; set; }

    /// <summary>Every value of every query parameter, URL-decoded.</summary>
    [JsonPropertyName("multiValueQueryStringParameters")] public IDictionary<string, IList<string>>? MultiValueQueryStringParameters { get; set; }

    [JsonPropertyName("pathParameters")] public IDictionary<string, string>? PathParameters { get; set; }

    [JsonPropertyName("stageVariables")] public IDictionary<string, string>? StageVariables { get; set; }

    [JsonPropertyName("requestContext")] public ProxyRequestContext? RequestContext { get; set; }

    /// <summary>The body: text, or base64 of the bytes when <see cref="IsBase64Encoded"/> (see <see cref="GetBodyBytes"/>).</summary>
    [JsonPropertyName("body")] public string? Body { get; set; }

    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }

    /// <summary>A header's value, whatever the case of its name; null when absent.</summary>
    public string? GetHeader(string name) => HttpEventHeaders.Find(Headers, name);

    /// <summary>Every value of a header, whatever the case of its name; empty when absent.</summary>
    public IReadOnlyList<string> GetHeaderValues(string name) => HttpEventHeaders.FindAll(MultiValueHeaders, Headers, name);

    /// <summary>The body's bytes, base64-decoded when <see cref="IsBase64Encoded"/>; empty when there is none.</summary>
    public byte[] GetBodyBytes() => HttpEventBody.Decode(Body, IsBase64Encoded);

    /// <summary>The body as text (UTF-8 when it came base64-encoded); empty when there is none.</summary>
    public string GetBodyText() => HttpEventBody.DecodeText(Body, IsBase64Encoded);

    /// <summary>The body read as JSON with source-generated metadata (base64 bodies included).</summary>
    public T DeserializeBody<T>(JsonTypeInfo<T> bodyType) => HttpEventBody.DeserializeJson(Body, IsBase64Encoded, bodyType);

    /// <summary>Who and what the request went through: account, API, stage, identity, authorizer.</summary>
    public class ProxyRequestContext
    {
        /// <summary>The full path including the stage, e.g. <c>/prod/orders/42</c>.</summary>
        [JsonPropertyName("path")] public string? Path { get; set; }

        [JsonPropertyName("accountId")] public string? AccountId { get; set; }
        [JsonPropertyName("resourceId")] public string? ResourceId { get; set; }

        /// <summary>The deployment stage, e.g. <c>prod</c>.</summary>
        [JsonPropertyName("stage")] public string? Stage { get; set; }

        [JsonPropertyName("requestId")] public string? RequestId { get; set; }
        [JsonPropertyName("identity")] public RequestIdentity? Identity { get; set; }
        [JsonPropertyName("resourcePath")] public string? ResourcePath { get; set; }
        [JsonPropertyName("httpMethod")] public string? HttpMethod { get; set; }
        [JsonPropertyName("apiId")] public string? ApiId { get; set; }
        [JsonPropertyName("extendedRequestId")] public string? ExtendedRequestId { get; set; }

        /// <summary>e.g. <c>HTTP/1.1</c>.</summary>
        [JsonPropertyName("protocol")] public string? Protocol { get; set; }

        [JsonPropertyName("domainName")] public string? DomainName { get; set; }
        [JsonPropertyName("domainPrefix")] public string? DomainPrefix { get; set; }

        /// <summary>The request time in CLF format, e.g. <c>09/Apr/2015:12:34:56 +0000</c>.</summary>
        [JsonPropertyName("requestTime")] public string? RequestTime { get; set; }

        /// <summary>The request time in Unix milliseconds.</summary>
        [JsonPropertyName("requestTimeEpoch")] public long RequestTimeEpoch { get; set; }

        /// <summary>What a custom (Lambda) or Cognito authorizer passed on: <c>principalId</c>, <c>claims</c>, context keys.</summary>
        [JsonPropertyName("authorizer")] public APIGatewayCustomAuthorizerContext? Authorizer { get; set; }

        /// <summary>WebSocket APIs: the client connection.</summary>
        [JsonPropertyName("connectionId")] public string? ConnectionId { get; set; }

        /// <summary>WebSocket APIs: when the connection was made, Unix milliseconds (0 for REST APIs, and then not written).</summary>
        [JsonPropertyName("connectedAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public long ConnectedAt { get; set; }

        /// <summary>WebSocket APIs: CONNECT, MESSAGE or DISCONNECT.</summary>
        [JsonPropertyName("eventType")] public string? EventType { get; set; }

        [JsonPropertyName("messageId")] public string? MessageId { get; set; }
        [JsonPropertyName("routeKey")] public string? RouteKey { get; set; }
        [JsonPropertyName("messageDirection")] public string? MessageDirection { get; set; }
        [JsonPropertyName("operationName")] public string? OperationName { get; set; }
        [JsonPropertyName("error")] public string? Error { get; set; }
        [JsonPropertyName("integrationLatency")] public string? IntegrationLatency { get; set; }
        [JsonPropertyName("status")] public string? Status { get; set; }
    }

    /// <summary>The caller: source IP, user agent, and IAM or Cognito identity when the method uses them.</summary>
    public class RequestIdentity
    {
        [JsonPropertyName("cognitoIdentityPoolId")] public string? CognitoIdentityPoolId { get; set; }
        [JsonPropertyName("accountId")] public string? AccountId { get; set; }
        [JsonPropertyName("cognitoIdentityId")] public string? CognitoIdentityId { get; set; }
        [JsonPropertyName("caller")] public string? Caller { get; set; }
        [JsonPropertyName("apiKey")] public string? ApiKey { get; set; }
        [JsonPropertyName("apiKeyId")] public string? ApiKeyId { get; set; }
        [JsonPropertyName("accessKey")] public string? AccessKey { get; set; }

        /// <summary>The client's IP address (the TCP peer of API Gateway).</summary>
        [JsonPropertyName("sourceIp")] public string? SourceIp { get; set; }

        [JsonPropertyName("cognitoAuthenticationType")] public string? CognitoAuthenticationType { get; set; }
        [JsonPropertyName("cognitoAuthenticationProvider")] public string? CognitoAuthenticationProvider { get; set; }
        [JsonPropertyName("userArn")] public string? UserArn { get; set; }
        [JsonPropertyName("userAgent")] public string? UserAgent { get; set; }
        [JsonPropertyName("user")] public string? User { get; set; }
        [JsonPropertyName("principalOrgId")] public string? PrincipalOrgId { get; set; }

        /// <summary>The client certificate of a mutual-TLS custom domain.</summary>
        [JsonPropertyName("clientCert")] public ProxyRequestClientCert? ClientCert { get; set; }
    }

    /// <summary>A client certificate presented over mutual TLS.</summary>
    public class ProxyRequestClientCert
    {
        [JsonPropertyName("clientCertPem")] public string? ClientCertPem { get; set; }
        [JsonPropertyName("subjectDN")] public string? SubjectDN { get; set; }
        [JsonPropertyName("issuerDN")] public string? IssuerDN { get; set; }
        [JsonPropertyName("serialNumber")] public string? SerialNumber { get; set; }
        [JsonPropertyName("validity")] public ClientCertValidity? Validity { get; set; }
    }

    /// <summary>When a client certificate is valid (dates as API Gateway formats them).</summary>
    public class ClientCertValidity
    {
        [JsonPropertyName("notBefore")] public string? NotBefore { get; set; }
        [JsonPropertyName("notAfter")] public string? NotAfter { get; set; }
    }
}
