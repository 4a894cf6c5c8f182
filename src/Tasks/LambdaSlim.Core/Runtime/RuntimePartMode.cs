namespace LambdaSlim.Core.Runtime;

/// <summary>Whether a run-time part goes into the image (<c>LambdaOpenSsl</c>, <c>LambdaTimeZoneData</c>, <c>LambdaIcu</c>, <c>LambdaGssApi</c>).</summary>
public enum RuntimePartMode
{
    /// <summary>In when the published output shows the function uses it (the default).</summary>
    Auto,

    /// <summary>Always in.</summary>
    Include,

    /// <summary>Never in: the function does not use it, or ships it itself.</summary>
    None,
}

public static class RuntimePartModes
{
    /// <summary>Reads a mode property: empty is <see cref="RuntimePartMode.Auto"/>, the names in any case.</summary>
    public static RuntimePartMode Parse(string? value, string property)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return RuntimePartMode.Auto;
        }
        foreach (var mode in Enum.GetValues<RuntimePartMode>())
        {
            if (value.Trim().Equals(mode.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return mode;
            }
        }
        throw new LambdaSlimException("LSLIM2060",
            $"{property}='{value}' is not known. Use Auto (in when the published function uses it, the default), Include or None.");
    }
}

/// <summary>The mode of each part that has one; all <see cref="RuntimePartMode.Auto"/> by default.</summary>
public sealed record RuntimePartSettings
{
    /// <summary>Reads the properties <c>LambdaOpenSsl</c>, <c>LambdaTimeZoneData</c>, <c>LambdaIcu</c>, <c>LambdaGssApi</c>.</summary>
    public static RuntimePartSettings FromProperties(string? openSsl, string? timeZoneData, string? icu, string? gssApi) => new()
    {
        OpenSsl = RuntimePartModes.Parse(openSsl, RuntimePart.OpenSsl.Property),
        TimeZoneData = RuntimePartModes.Parse(timeZoneData, RuntimePart.TimeZoneData.Property),
        Icu = RuntimePartModes.Parse(icu, RuntimePart.Icu.Property),
        GssApi = RuntimePartModes.Parse(gssApi, RuntimePart.GssApi.Property),
    };

    public RuntimePartMode OpenSsl { get; init; }

    public RuntimePartMode TimeZoneData { get; init; }

    public RuntimePartMode Icu { get; init; }

    public RuntimePartMode GssApi { get; init; }

    public RuntimePartMode ModeOf(RuntimePart part) =>
        part == RuntimePart.OpenSsl ? OpenSsl
        : part == RuntimePart.TimeZoneData ? TimeZoneData
        : part == RuntimePart.Icu ? Icu
        : part == RuntimePart.GssApi ? GssApi
        : throw new ArgumentOutOfRangeException(nameof(part), part.Name, "The part has no mode of its own.");
}
