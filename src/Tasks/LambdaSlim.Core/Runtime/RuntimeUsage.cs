using System.Text;
using System.Text.Json;
using LambdaSlim.Core.Elf;

namespace LambdaSlim.Core.Runtime;

/// <summary>
/// Which run-time parts the published output uses, decided from the files themselves (not from guesses about the
/// source), each with the evidence the report prints. The markers were chosen by measurement
/// (docs/architecture.md, "What .NET loads at run time"):
/// <list type="bullet">
/// <item>OpenSSL: the shim's own error text, linked into a NativeAOT <c>bootstrap</c> only when the app uses TLS or
/// System.Security.Cryptography, and present in <c>libSystem.Security.Cryptography.Native.OpenSsl.so</c>, which every
/// Trimmed app ships.</item>
/// <item>Time zones: the 16-byte table of characters a zone id may hold ([A-Za-z0-9/_-]), constant data of the method
/// that checks an id before its file is read from /usr/share/zoneinfo. It is linked only when a zone can be looked up
/// by id (<c>FindSystemTimeZoneById</c>, <c>ConvertTimeBySystemTimeZoneId</c>, <c>GetSystemTimeZones</c>), in a
/// NativeAOT bootstrap and in a Trimmed app's CoreLib alike; the zoneinfo path itself is in every binary that so much
/// as reads <c>DateTime.Now</c>, and string literals are not stored whole in a NativeAOT binary.</item>
/// <item>ICU: a Trimmed app's runtimeconfig.json (<c>System.Globalization.Invariant</c>), else ICU's library name in the
/// bootstrap, which NativeAOT links only without invariant globalization.</item>
/// </list>
/// GSSAPI is never detected: HttpClient links its shim into every binary, but loads the library only for
/// Negotiate/Kerberos authentication, which needs a Kerberos setup Lambda does not have (LambdaGssApi=Include).
/// Zlib, brotli, libunwind and NUMA need nothing: NativeAOT links its own copies or reads /sys directly.
/// </summary>
public static class RuntimeUsage
{
    private static readonly byte[] OpenSslShimMarker = Encoding.ASCII.GetBytes("No usable version of libssl was found");
    private static readonly byte[] ZoneIdCharacterTable = [0x00, 0x00, 0x00, 0x00, 0x00, 0xA8, 0xFF, 0x03, 0xFE, 0xFF, 0xFF, 0x87, 0xFE, 0xFF, 0xFF, 0x07];
    private static readonly byte[] IcuLoaderMarker = Encoding.ASCII.GetBytes("libicuuc.so");

    /// <summary>
    /// Scans the bootstrap and the app folder's ELF files and assemblies. Returns, per part used, why it is needed
    /// (e.g. <c>bootstrap contains .NET's OpenSSL shim</c>).
    /// </summary>
    public static IReadOnlyDictionary<RuntimePart, string> Detect(string bootstrap, IReadOnlyList<string> appFiles)
    {
        var found = new Dictionary<RuntimePart, string>();
        var scanned = new List<string> { bootstrap };
        scanned.AddRange(appFiles.Where(f => Path.GetFullPath(f) != Path.GetFullPath(bootstrap)
            && (f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || ElfReader.HasElfMagic(f))));
        var runtimeConfig = appFiles.FirstOrDefault(f => f.EndsWith(".runtimeconfig.json", StringComparison.OrdinalIgnoreCase));

        foreach (var file in scanned)
        {
            var bytes = File.ReadAllBytes(file);
            var name = Path.GetFileName(file);
            if (!found.ContainsKey(RuntimePart.OpenSsl) && bytes.AsSpan().IndexOf(OpenSslShimMarker) >= 0)
            {
                found[RuntimePart.OpenSsl] = $"{name} contains .NET's OpenSSL shim";
            }
            if (!found.ContainsKey(RuntimePart.TimeZoneData) && bytes.AsSpan().IndexOf(ZoneIdCharacterTable) >= 0)
            {
                found[RuntimePart.TimeZoneData] = $"{name} can look time zones up by id";
            }
            if (runtimeConfig is null && file == bootstrap && bytes.AsSpan().IndexOf(IcuLoaderMarker) >= 0)
            {
                found[RuntimePart.Icu] = $"{name} loads ICU: globalization is not invariant";
            }
        }
        if (runtimeConfig is not null && !IsInvariant(runtimeConfig))
        {
            found[RuntimePart.Icu] = $"{Path.GetFileName(runtimeConfig)} has no invariant globalization";
        }
        return found;
    }

    /// <summary>True when the runtimeconfig.json sets <c>System.Globalization.Invariant</c> to true.</summary>
    private static bool IsInvariant(string runtimeConfigPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(runtimeConfigPath));
            return document.RootElement.TryGetProperty("runtimeOptions", out var options)
                && options.TryGetProperty("configProperties", out var properties)
                && properties.TryGetProperty("System.Globalization.Invariant", out var invariant)
                && invariant.ValueKind == JsonValueKind.True;
        }
        catch (JsonException e)
        {
            throw new LambdaSlimException("LSLIM2064",
                $"'{runtimeConfigPath}' is not valid JSON ({e.Message}), so whether the app needs ICU cannot be told. Publish the function again.", e);
        }
    }
}
