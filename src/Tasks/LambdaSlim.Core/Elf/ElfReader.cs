using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LambdaSlim.Core.Elf;

/// <summary>
/// A small, bounds-checked ELF parser: the identification bytes, the file header, the program headers, the
/// interpreter and the dynamic section (DT_NEEDED, DT_SONAME, DT_RUNPATH, DT_RPATH), 32/64-bit, either byte order.
/// Section headers are not read: the loader does not use them either, and stripped files may lack them.
/// Every offset and size read from the file is checked against the file length before use, so a truncated or
/// hostile file yields <c>LSLIM2002</c> rather than an exception from deep inside.
/// </summary>
public static class ElfReader
{
    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const uint PtInterp = 3;
    private const long DtNull = 0, DtNeeded = 1, DtStrtab = 5, DtStrsz = 10, DtSoname = 14, DtRpath = 15, DtRunpath = 29;

    // Limits far above anything a real file has; they stop a corrupt header from making us allocate gigabytes.
    private const int MaxProgramHeaders = 4096;
    private const long MaxDynamicBytes = 1 << 20;
    private const long MaxStringTableBytes = 16 << 20;
    private const int MaxInterpreterBytes = 4096;

    /// <summary>True when the file starts with the ELF magic bytes (cheap check used when scanning app folders).</summary>
    public static bool HasElfMagic(string path)
    {
        using var handle = File.OpenHandle(path);
        Span<byte> magic = stackalloc byte[4];
        return RandomAccess.Read(handle, magic, 0) == 4 && IsMagic(magic);
    }

    public static ElfFile Read(string path)
    {
        using var handle = File.OpenHandle(path);
        var source = new FileSource(handle, RandomAccess.GetLength(handle), path);
        return Parse(source);
    }

    public static ElfFile Parse(byte[] bytes, string name = "<memory>") => Parse(new ArraySource(bytes, name));

    private static bool IsMagic(ReadOnlySpan<byte> b) => b[0] == 0x7f && b[1] == (byte)'E' && b[2] == (byte)'L' && b[3] == (byte)'F';

    private static ElfFile Parse(ISource source)
    {
        if (source.Length < 16 || !IsMagic(source.Read(0, 4)))
        {
            throw new LambdaSlimException("LSLIM2001",
                $"'{source.Name}' is not an ELF file. Only Linux executables and shared libraries can be analysed: check that the path names the native binary, not a script or a managed assembly.");
        }

        var ident = source.Read(0, 16);
        var elfClass = ident[4] switch
        {
            1 => ElfClass.Elf32,
            2 => ElfClass.Elf64,
            _ => throw Corrupt(source, $"unknown ELF class {ident[4]}"),
        };
        var encoding = ident[5] switch
        {
            1 => ElfDataEncoding.LittleEndian,
            2 => ElfDataEncoding.BigEndian,
            _ => throw Corrupt(source, $"unknown data encoding {ident[5]}"),
        };
        var r = new FieldReader(encoding == ElfDataEncoding.LittleEndian, elfClass == ElfClass.Elf64);

        var header = source.Read(0, r.Is64 ? 64 : 52);
        var type = r.U16(header, 16);
        var machine = r.U16(header, 18);
        var phoff = r.Is64 ? r.U64(header, 32) : r.U32(header, 28);
        var phentsize = r.U16(header, r.Is64 ? 54 : 42);
        var phnum = r.U16(header, r.Is64 ? 56 : 44);
        var expectedPhentsize = r.Is64 ? 56 : 32;
        if (phnum > 0 && phentsize < expectedPhentsize)
        {
            throw Corrupt(source, $"program header entry size {phentsize} is below {expectedPhentsize}");
        }
        if (phnum > MaxProgramHeaders)
        {
            throw Corrupt(source, $"{phnum} program headers");
        }

        var segments = new List<Segment>(phnum);
        for (var i = 0; i < phnum; i++)
        {
            var ph = source.Read(Checked(source, phoff, (ulong)i * phentsize), expectedPhentsize);
            segments.Add(r.Is64
                ? new Segment(r.U32(ph, 0), r.U64(ph, 8), r.U64(ph, 16), r.U64(ph, 32))
                : new Segment(r.U32(ph, 0), r.U32(ph, 4), r.U32(ph, 8), r.U32(ph, 16)));
        }

        string? interpreter = null;
        var interp = segments.FirstOrDefault(s => s.Type == PtInterp);
        if (interp is not null)
        {
            if (interp.FileSize == 0 || interp.FileSize > MaxInterpreterBytes)
            {
                throw Corrupt(source, $"interpreter segment of {interp.FileSize} bytes");
            }
            interpreter = CString(source.Read(Checked(source, interp.Offset, 0), (int)interp.FileSize), 0, source);
        }

        var needed = new List<string>();
        var runPath = new List<string>();
        var rPath = new List<string>();
        string? soname = null;
        var dynamic = segments.FirstOrDefault(s => s.Type == PtDynamic);
        if (dynamic is not null)
        {
            ReadDynamic(source, r, segments, dynamic, needed, runPath, rPath, ref soname);
        }

        return new ElfFile(elfClass, encoding, machine, type, interpreter, needed, soname, runPath, rPath);
    }

    private static void ReadDynamic(ISource source, FieldReader r, List<Segment> segments, Segment dynamic,
        List<string> needed, List<string> runPath, List<string> rPath, ref string? soname)
    {
        if (dynamic.FileSize > MaxDynamicBytes)
        {
            throw Corrupt(source, $"dynamic segment of {dynamic.FileSize} bytes");
        }
        var entrySize = r.Is64 ? 16 : 8;
        var bytes = source.Read(Checked(source, dynamic.Offset, 0), (int)dynamic.FileSize);
        var entries = new List<(long Tag, ulong Value)>();
        for (var at = 0; at + entrySize <= bytes.Length; at += entrySize)
        {
            var tag = r.Is64 ? (long)r.U64(bytes, at) : (int)r.U32(bytes, at);
            var value = r.Is64 ? r.U64(bytes, at + 8) : r.U32(bytes, at + 4);
            if (tag == DtNull)
            {
                break;
            }
            entries.Add((tag, value));
        }

        var strtabAddress = entries.Where(e => e.Tag == DtStrtab).Select(e => (ulong?)e.Value).FirstOrDefault();
        var strtabSize = entries.Where(e => e.Tag == DtStrsz).Select(e => (ulong?)e.Value).FirstOrDefault();
        var usesStrings = entries.Any(e => e.Tag is DtNeeded or DtSoname or DtRpath or DtRunpath);
        if (!usesStrings)
        {
            return;
        }
        if (strtabAddress is null || strtabSize is null || strtabSize > MaxStringTableBytes)
        {
            throw Corrupt(source, "dynamic section has names but no usable string table (DT_STRTAB/DT_STRSZ)");
        }

        // DT_STRTAB is a virtual address: map it through the PT_LOAD segment that contains it.
        var load = segments.FirstOrDefault(s => s.Type == PtLoad && strtabAddress >= s.VirtualAddress
                                                && strtabAddress.Value - s.VirtualAddress < s.FileSize)
                   ?? throw Corrupt(source, "string table address lies outside every loadable segment");
        var strtabOffset = load.Offset + (strtabAddress.Value - load.VirtualAddress);
        var strings = source.Read(Checked(source, strtabOffset, 0), (int)strtabSize.Value);

        foreach (var (tag, value) in entries)
        {
            switch (tag)
            {
                case DtNeeded:
                    needed.Add(StringAt(strings, value, source));
                    break;
                case DtSoname:
                    soname = StringAt(strings, value, source);
                    break;
                case DtRunpath:
                    runPath.AddRange(SplitPath(StringAt(strings, value, source)));
                    break;
                case DtRpath:
                    rPath.AddRange(SplitPath(StringAt(strings, value, source)));
                    break;
            }
        }
    }

    private static IEnumerable<string> SplitPath(string value) => value.Split(':', StringSplitOptions.RemoveEmptyEntries);

    private static string StringAt(byte[] table, ulong offset, ISource source)
    {
        if (offset >= (ulong)table.Length)
        {
            throw Corrupt(source, $"string offset {offset} beyond the string table ({table.Length} bytes)");
        }
        return CString(table, (int)offset, source);
    }

    private static string CString(byte[] bytes, int start, ISource source)
    {
        var end = Array.IndexOf(bytes, (byte)0, start);
        if (end < 0)
        {
            throw Corrupt(source, "unterminated string");
        }
        return Encoding.UTF8.GetString(bytes, start, end - start);
    }

    private static long Checked(ISource source, ulong offset, ulong add)
    {
        var total = offset + add;
        if (total < offset || total > (ulong)source.Length)
        {
            throw Corrupt(source, $"offset {total} beyond the end of the file ({source.Length} bytes)");
        }
        return (long)total;
    }

    internal static LambdaSlimException Corrupt(ISource source, string detail) => new("LSLIM2002",
        $"'{source.Name}' is a truncated or corrupt ELF file ({detail}). Rebuild or reinstall the file; if it is a library in the sysroot, reinstall the package that provides it.");

    private sealed record Segment(uint Type, ulong Offset, ulong VirtualAddress, ulong FileSize);

    private readonly struct FieldReader(bool littleEndian, bool is64)
    {
        public bool Is64 { get; } = is64;

        public ushort U16(byte[] b, int at) => littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at));

        public uint U32(byte[] b, int at) => littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at));

        public ulong U64(byte[] b, int at) => littleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(at));
    }

    internal interface ISource
    {
        string Name { get; }

        long Length { get; }

        /// <summary>Reads exactly <paramref name="count"/> bytes at <paramref name="offset"/>, or throws LSLIM2002.</summary>
        byte[] Read(long offset, int count);
    }

    private sealed class FileSource(SafeFileHandle handle, long length, string name) : ISource
    {
        public string Name => name;

        public long Length => length;

        public byte[] Read(long offset, int count)
        {
            if (offset < 0 || count < 0 || offset + count > length)
            {
                throw Corrupt(this, $"{count} bytes at offset {offset} run past the end of the file ({length} bytes)");
            }
            var buffer = new byte[count];
            var done = 0;
            while (done < count)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(done), offset + done);
                if (n == 0)
                {
                    throw Corrupt(this, "file shrank while being read");
                }
                done += n;
            }
            return buffer;
        }
    }

    private sealed class ArraySource(byte[] bytes, string name) : ISource
    {
        public string Name => name;

        public long Length => bytes.Length;

        public byte[] Read(long offset, int count)
        {
            if (offset < 0 || count < 0 || offset + count > bytes.Length)
            {
                throw Corrupt(this, $"{count} bytes at offset {offset} run past the end of the file ({bytes.Length} bytes)");
            }
            return bytes.AsSpan((int)offset, count).ToArray();
        }
    }
}
