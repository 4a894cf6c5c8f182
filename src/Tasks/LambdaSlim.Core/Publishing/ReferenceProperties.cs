using System.Text;

namespace LambdaSlim.Core.Publishing;

/// <summary>
/// The global properties a function's referenced projects must be built with inside an inner (per-architecture)
/// publish: exactly the outer build's. MSBuild hands a project's global properties down to its references, and the
/// inner publish adds and overrides some (the restore folder, PublishDir, the mode's switches, our markers). The
/// inner build removes all of those from its references, then puts back the ones the outer build itself was given
/// (<c>-o DIR</c>, <c>-p:LambdaPublishMode=Trimmed</c>…), with the outer's values. A library is then one project
/// instance for every architecture and for the solution build around it, so MSBuild builds it once.
/// </summary>
public static class ReferenceProperties
{
    /// <summary>
    /// Of the <paramref name="innerNames"/>, those a project reference in the inner build must not inherit (the outer
    /// build was not given them: <c>GlobalPropertiesToRemove</c>), and those it must get back with the outer's values
    /// (<c>AdditionalProperties</c>: <c>Name=Value</c> pairs, each value escaped for MSBuild). Both <c>;</c>-separated.
    /// MSBuild removes after it adds, so a name to restore must not also be removed.
    /// </summary>
    public static (string ToRemove, string ToRestore) For(IReadOnlyDictionary<string, string> outerGlobalProperties, IEnumerable<string> innerNames)
    {
        var remove = new List<string>();
        var restore = new List<string>();
        foreach (var name in innerNames.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var outer = outerGlobalProperties.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
            if (outer.Key is null)
            {
                remove.Add(name);
            }
            else
            {
                restore.Add($"{outer.Key}={EscapeForMsBuild(outer.Value)}");
            }
        }
        return (string.Join(';', remove), string.Join(';', restore));
    }

    /// <summary>MSBuild's escaping (<c>%XX</c>) of the characters it gives a meaning: <c>% * ? @ $ ( ) ; '</c>.</summary>
    public static string EscapeForMsBuild(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '%' or '*' or '?' or '@' or '$' or '(' or ')' or ';' or '\'')
            {
                escaped.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }
        return escaped.ToString();
    }
}
