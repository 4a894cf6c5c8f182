namespace LambdaSlim.Core.Elf;

/// <summary>ELF word size (<c>EI_CLASS</c>).</summary>
public enum ElfClass
{
    Elf32 = 1,
    Elf64 = 2,
}

/// <summary>ELF byte order (<c>EI_DATA</c>).</summary>
public enum ElfDataEncoding
{
    LittleEndian = 1,
    BigEndian = 2,
}

/// <summary>The <c>e_machine</c> values Lambda cares about; any other value is kept as its number.</summary>
public static class ElfMachine
{
    public const ushort X86_64 = 62;
    public const ushort AArch64 = 183;

    public static string Describe(ushort machine) => machine switch
    {
        X86_64 => "x86_64",
        AArch64 => "aarch64",
        _ => $"machine {machine}",
    };
}

/// <summary>
/// What the dynamic loader needs to know about an ELF file: its class, byte order and machine, the interpreter
/// (<c>PT_INTERP</c>, absent for static executables and for libraries) and the dynamic section entries that drive
/// library resolution. Lists keep the order of the file, which is the order the loader searches them in.
/// </summary>
public sealed record ElfFile(
    ElfClass Class,
    ElfDataEncoding Encoding,
    ushort Machine,
    ushort Type,
    string? Interpreter,
    IReadOnlyList<string> Needed,
    string? Soname,
    IReadOnlyList<string> RunPath,
    IReadOnlyList<string> RPath)
{
    /// <summary><c>ET_DYN</c>: shared objects and position-independent executables.</summary>
    public const ushort TypeShared = 3;

    /// <summary>True when the file has no dynamic section dependencies and no interpreter (a static executable).</summary>
    public bool IsStatic => Interpreter is null && Needed.Count == 0;
}
