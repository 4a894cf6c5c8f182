using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LambdaSlim.Events.Http;

namespace LambdaSlim.Events;

/// <summary>
/// A request in payload format 2.0: from an API Gateway HTTP API, or from a Lambda function URL (same shape; a
/// function URL's route key and stage are <c>$default</c> and its authorizer is IAM). Header names arrive in
/// lower case, repeated headers and query parameters joined with commas, cookies in <see cref="Cookies"/>.
/// </summary>
public class APIGatewayHttpApiV2ProxyRequest
{
    /// <summary>The payload format, <c>2.0</c>.</summary>
    [JsonPropertyName("version")] public string? Version { get; set; }

    /// <summary>The route that matched, e.g. <c>POST /orders</c>, or <c>$default</c>.</summary>
    [JsonPropertyName("routeKey")] public string? RouteKey { get; set; }

    /// <summary>The path as sent, stage prefix included when the stage is not <c>$default</c>.</summary>
    [JsonPropertyName("rawPath")] public string? RawPath { get; set; }

    /// <summary>The query string as sent (still URL-encoded), without the <c>?</c>; empty when there is none.</summary>
    [JsonPropertyName("rawQueryString")] public string? RawQueryString { get; set; }

    /// <summary>The Cookie header split into <c>name=value</c> items.</summary>
    [JsonPropertyName("cookies")] public string[]? Cookies { get; set; }

    /// <summary>Headers, lower-case names; several values of one header joined with commas.</summary>
    [JsonPropertyName("headers")] public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Query parameters, URL-decoded; several values of one parameter joined with commas.</summary>
    [JsonPropertyName("queryStringParameters")] public IDictionary<string, string>? QueryStringParameters { get; set; }

    [JsonPropertyName("requestContext")] public ProxyRequestContext? RequestContext { get; set; }

    /// <summary>The body: text, or base64 of the bytes when <see cref="IsBase64Encoded"/> (see <see cref="GetBodyBytes"/>).</summary>
    [JsonPropertyName("body")] public string? Body { get; set; }

    [JsonPropertyName("pathParameters")] public IDictionary<string, string>? PathParameters { get; set; }

    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }

    [JsonPropertyName("stageVariables")] public IDictionary<string, string>? StageVariables { get; set; }

    /// <summary>A header's value, whatever the case of the name asked for; null when absent.</summary>
    public string? GetHeader(string name) => HttpEventHeaders.Find(Headers, name);

    /// <summary>The body's bytes, base64-decoded when <see cref="IsBase64Encoded"/>; empty when there is none.</summary>
    public byte[] GetBodyBytes() => HttpEventBody.Decode(Body, IsBase64Encoded);

    /// <summary>The body as text (UTF-8 when it came base64-encoded); empty when there is none.</summary>
    public string GetBodyText() => HttpEventBody.DecodeText(Body, IsBase64Encoded);

    /// <summary>The body read as JSON with source-generated metadata (base64 bodies included).</summary>
    public T DeserializeBody<T>(JsonTypeInfo<T> bodyType) => HttpEventBody.DeserializeJson(Body, IsBase64Encoded, bodyType);

    /// <summary>Account, API, stage, the HTTP request line and source IP, authorizer output, client certificate.</summary>
    public class ProxyRequestContext
    {
        [JsonPropertyName("accountId")] public string? AccountId { get; set; }
        [JsonPropertyName("apiId")] public string? ApiId { get; set; }
        [JsonPropertyName("authorizer")] public AuthorizerDescription? Authorizer { get; set; }
        [JsonPropertyName("domainName")] public string? DomainName { get; set; }
        [JsonPropertyName("domainPrefix")] public string? DomainPrefix { get; set; }

        /// <summary>Method, path, protocol, source IP and user agent.</summary>
        [JsonPropertyName("http")] public HttpDescription? Http { get; set; }

        [JsonPropertyName("requestId")] public string? RequestId { get; set; }
        [JsonPropertyName("routeId")] public string? RouteId { get; set; }
        [JsonPropertyName("routeKey")] public string? RouteKey { get; set; }

        /// <summary>The stage, <c>$default</c> unless the API has named stages.</summary>
        [JsonPropertyName("stage")] public string? Stage { get; set; }

        /// <summary>The request time in CLF format, e.g. <c>12/Mar/2020:19:03:58 +0000</c>.</summary>
        [JsonPropertyName("time")] public string? Time { get; set; }

        /// <summary>The request time in Unix milliseconds.</summary>
        [JsonPropertyName("timeEpoch")] public long TimeEpoch { get; set; }

        /// <summary>Mutual TLS: the client certificate.</summary>
        [JsonPropertyName("authentication")] public ProxyRequestAuthentication? Authentication { get; set; }
    }

    /// <summary>The HTTP request line and its peer.</summary>
    public class HttpDescription
    {
        [JsonPropertyName("method")] public string? Method { get; set; }
        [JsonPropertyName("path")] public string? Path { get; set; }
        [JsonPropertyName("protocol")] public string? Protocol { get; set; }

        /// <summary>The client's IP address.</summary>
        [JsonPropertyName("sourceIp")] public string? SourceIp { get; set; }

        [JsonPropertyName("userAgent")] public string? UserAgent { get; set; }
    }

    /// <summary>Mutual TLS details.</summary>
    public class ProxyRequestAuthentication
    {
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

    /// <summary>What the route's authorizer established: JWT claims, a Lambda authorizer's context, or the IAM caller.</summary>
    public class AuthorizerDescription
    {
        [JsonPropertyName("jwt")] public JwtDescription? Jwt { get; set; }

        /// <summary>The context a Lambda authorizer returned; values keep their JSON type.</summary>
        [JsonPropertyName("lambda")] public IDictionary<string, JsonElement>? Lambda { get; set; }

        /// <summary>The signed-in IAM caller (IAM authorization, and function URLs with AuthType AWS_IAM).</summary>
        [JsonPropertyName("iam")] public IAMDescription? IAM { get; set; }

        /// <summary>The verified JWT's claims and scopes.</summary>
        public class JwtDescription
        {
            [JsonPropertyName("claims")] public IDictionary<string, string>? Claims { get; set; }
            [JsonPropertyName("scopes")] public string[]? Scopes { get; set; }
        }

        /// <summary>The IAM principal that signed the request.</summary>
        public class IAMDescription
        {
            [JsonPropertyName("accessKey")] public string? AccessKey { get; set; }
            [JsonPropertyName("accountId")] public string? AccountId { get; set; }
            [JsonPropertyName("callerId")] public string? CallerId { get; set; }
            [JsonPropertyName("cognitoIdentity")] public CognitoIdentityDescription? CognitoIdentity { get; set; }
            [JsonPropertyName("principalOrgId")] public string? PrincipalOrgId { get; set; }
            [JsonPropertyName("userArn")] public string? UserARN { get; set; }
            [JsonPropertyName("userId")] public string? UserId { get; set; }
        }

        /// <summary>The Cognito identity behind IAM credentials.</summary>
        public class CognitoIdentityDescription
        {
            [JsonPropertyName("amr")] public IList<string>? AMR { get; set; }
            [JsonPropertyName("identityId")] public string? IdentityId { get; set; }
            [JsonPropertyName("identityPoolId")] public string? IdentityPoolId { get; set; }
        }
    }
}
