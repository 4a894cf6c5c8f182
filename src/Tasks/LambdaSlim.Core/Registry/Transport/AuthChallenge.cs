using System.Net.Http.Headers;

namespace LambdaSlim.Core.Registry.Transport;

/// <summary>
/// A parsed <c>WWW-Authenticate</c> challenge (RFC 7235): the scheme (<c>Basic</c> or <c>Bearer</c>) and its
/// parameters (<c>realm</c>, <c>service</c>, <c>scope</c>, <c>error</c>). It decides which auth handler goes in
/// the chain.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    /// <summary>The scopes a Bearer challenge asks for (space-separated in one <c>scope</c> parameter).</summary>
    public IReadOnlyList<string> Scopes
        => Parameters.TryGetValue("scope", out var scope) ? scope.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];

    /// <summary>The first Bearer challenge, else the first Basic one, of a response; null when there is none.</summary>
    public static AuthChallenge? From(HttpResponseHeaders headers)
    {
        var challenges = headers.WwwAuthenticate.Select(h => Parse(h.Scheme, h.Parameter)).ToList();
        return challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic);
    }

    /// <summary>Parses the parameter list <c>key="value",key=value</c>; quoted values may hold commas and escaped quotes.</summary>
    public static AuthChallenge Parse(string scheme, string? parameterText)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = parameterText ?? "";
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }
            var equals = text.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }
            var key = text[i..equals].Trim();
            i = equals + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var builder = new System.Text.StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }
                    builder.Append(text[i]);
                    i++;
                }
                i++;
                value = builder.ToString();
            }
            else
            {
                var comma = text.IndexOf(',', i);
                var end = comma < 0 ? text.Length : comma;
                value = text[i..end].Trim();
                i = end;
            }
            parameters[key] = value;
        }
        return new AuthChallenge(scheme, parameters);
    }
}
