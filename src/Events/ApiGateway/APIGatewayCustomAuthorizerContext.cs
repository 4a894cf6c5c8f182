using System.Text.Json;

namespace LambdaSlim.Events;

/// <summary>
/// What an authorizer of a REST API passed to the function (<c>requestContext.authorizer</c>): a Lambda authorizer's
/// <c>principalId</c> and context keys, or a Cognito user pool's <c>claims</c>. Values keep their JSON type (string,
/// number, boolean, object), so nothing needs reflection to read them.
/// </summary>
public class APIGatewayCustomAuthorizerContext : Dictionary<string, JsonElement>
{
    /// <summary>A context key as text (numbers and booleans as written in the JSON); null when absent or null.</summary>
    public string? GetString(string key) =>
        TryGetValue(key, out JsonElement value) ? AsText(value) : null;

    /// <summary>The Cognito user pool claims (<c>claims</c>), each as text; empty when there are none.</summary>
    public IReadOnlyDictionary<string, string> Claims
    {
        get
        {
            var claims = new Dictionary<string, string>(StringComparer.Ordinal);
            if (TryGetValue("claims", out JsonElement element) && element.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty claim in element.EnumerateObject())
                {
                    if (AsText(claim.Value) is string text)
                    {
                        claims[claim.Name] = text;
                    }
                }
            }
            return claims;
        }
    }

    /// <summary>The principal the authorizer identified (<c>principalId</c>).</summary>
    public string? PrincipalId => GetString("principalId");

    private static string? AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
