using LambdaSlim.Core.Elf;
using LambdaSlim.Core.Tests.Support;

namespace LambdaSlim.Core.Tests.Elf;

[Collection(NativeProgramsCollection.Name)]
public sealed class ElfReaderTests(NativePrograms programs)
{
    [Fact]
    public void Reads_host_x86_64_executable()
    {
        var elf = ElfReader.Read("/bin/ls");

        Assert.Equal(ElfClass.Elf64, elf.Class);
        Assert.Equal(ElfDataEncoding.LittleEndian, elf.Encoding);
        Assert.Equal(ElfMachine.X86_64, elf.Machine);
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", elf.Interpreter);
        Assert.Contains("libc.so.6", elf.Needed);
        Assert.False(elf.IsStatic);
    }

    [Fact]
    public void Reads_x86_64_libc_soname_and_loader_dependency()
    {
        var elf = ElfReader.Read("/lib/x86_64-linux-gnu/libc.so.6");

        Assert.Equal("libc.so.6", elf.Soname);
        Assert.Equal(["ld-linux-x86-64.so.2"], elf.Needed);
        // glibc's libc.so.6 is also runnable (it prints its version), so it carries a PT_INTERP of its own.
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", elf.Interpreter);
        Assert.Equal(ElfFile.TypeShared, elf.Type);
    }

    [Fact]
    public void Reads_arm64_cross_libc()
    {
        var elf = ElfReader.Read("/usr/aarch64-linux-gnu/lib/libc.so.6");

        Assert.Equal(ElfMachine.AArch64, elf.Machine);
        Assert.Equal(ElfClass.Elf64, elf.Class);
        Assert.Equal("libc.so.6", elf.Soname);
        Assert.Equal(["ld-linux-aarch64.so.1"], elf.Needed);
    }

    [Fact]
    public void Reads_compiled_arm64_program()
    {
        var elf = ElfReader.Read(programs.MathArm64);

        Assert.Equal(ElfMachine.AArch64, elf.Machine);
        Assert.Equal("/lib/ld-linux-aarch64.so.1", elf.Interpreter);
        Assert.Equal(["libm.so.6", "libc.so.6"], elf.Needed);
        Assert.Null(elf.Soname);
        Assert.Empty(elf.RunPath);
    }

    [Fact]
    public void Reads_runpath_and_rpath_separately()
    {
        var runpath = ElfReader.Read(programs.RunPathArm64);
        var rpath = ElfReader.Read(programs.RPathArm64);

        Assert.Equal(["$ORIGIN/lib"], runpath.RunPath);
        Assert.Empty(runpath.RPath);
        Assert.Equal(["/opt/a", "/opt/b"], rpath.RPath);
        Assert.Empty(rpath.RunPath);
    }

    [Fact]
    public void Static_executable_has_no_interpreter_or_needed()
    {
        var elf = ElfReader.Read(programs.StaticX64);

        Assert.True(elf.IsStatic);
        Assert.Null(elf.Interpreter);
        Assert.Empty(elf.Needed);
    }

    [Fact]
    public void Reads_32_bit_big_endian_object()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("empty.c");
        File.WriteAllText(source, "int x;\n");
        var output = temp.Combine("ppc.o");
        ProcessRunner.Check("clang", "--target=powerpc-linux-gnu", "-c", source, "-o", output);

        var elf = ElfReader.Read(output);

        Assert.Equal(ElfClass.Elf32, elf.Class);
        Assert.Equal(ElfDataEncoding.BigEndian, elf.Encoding);
        Assert.Equal(20, elf.Machine); // EM_PPC
        Assert.Equal(1, elf.Type);     // ET_REL
        Assert.Empty(elf.Needed);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_elf()
    {
        var error = Assert.Throws<LambdaSlimException>(() => ElfReader.Parse("#!/bin/sh\necho hi\n"u8.ToArray(), "script"));

        Assert.Equal("LSLIM2001", error.Code);
        Assert.Contains("script", error.Message);
    }

    [Fact]
    public void Every_truncation_of_a_real_binary_gives_a_coded_error_never_a_crash()
    {
        var bytes = File.ReadAllBytes(programs.HelloArm64);
        var full = ElfReader.Parse(bytes);
        Assert.Equal(["libc.so.6"], full.Needed);

        // Cut at every length up to the end of the dynamic string table's region and at coarse steps beyond.
        var lengths = Enumerable.Range(0, 4096).Concat(Enumerable.Range(4096, bytes.Length - 4096).Where(n => n % 97 == 0));
        foreach (var length in lengths)
        {
            try
            {
                var elf = ElfReader.Parse(bytes[..length]);
                // A prefix may legitimately hold every structure we read; it must then agree with the full file.
                Assert.Equal(full.Needed, elf.Needed);
                Assert.Equal(full.Interpreter, elf.Interpreter);
            }
            catch (LambdaSlimException e)
            {
                Assert.True(e.Code is "LSLIM2001" or "LSLIM2002", $"length {length}: {e.Code}");
            }
        }
    }

    [Fact]
    public void Rejects_corrupt_headers_with_LSLIM2002()
    {
        var bytes = File.ReadAllBytes(programs.HelloX64);

        var badClass = (byte[])bytes.Clone();
        badClass[4] = 9;
        Assert.Equal("LSLIM2002", Assert.Throws<LambdaSlimException>(() => ElfReader.Parse(badClass)).Code);

        var badEncoding = (byte[])bytes.Clone();
        badEncoding[5] = 0;
        Assert.Equal("LSLIM2002", Assert.Throws<LambdaSlimException>(() => ElfReader.Parse(badEncoding)).Code);

        // e_phoff (offset 32, 8 bytes) pointing far past the end of the file.
        var badPhoff = (byte[])bytes.Clone();
        BitConverter.GetBytes(0x7fff_ffff_ffffL).CopyTo(badPhoff, 32);
        Assert.Equal("LSLIM2002", Assert.Throws<LambdaSlimException>(() => ElfReader.Parse(badPhoff)).Code);

        // e_phentsize (offset 54) smaller than a program header.
        var badPhentsize = (byte[])bytes.Clone();
        BitConverter.GetBytes((ushort)8).CopyTo(badPhentsize, 54);
        Assert.Equal("LSLIM2002", Assert.Throws<LambdaSlimException>(() => ElfReader.Parse(badPhentsize)).Code);
    }

    [Fact]
    public void Rejects_a_dynamic_string_offset_outside_the_string_table()
    {
        var bytes = File.ReadAllBytes(programs.HelloX64);
        var elf = ElfReader.Parse(bytes);
        Assert.NotEmpty(elf.Needed);

        // Find the DT_NEEDED entry (tag 1) inside the PT_DYNAMIC segment and point its name far away.
        var phoff = BitConverter.ToInt64(bytes, 32);
        var phnum = BitConverter.ToUInt16(bytes, 56);
        for (var i = 0; i < phnum; i++)
        {
            var ph = (int)phoff + i * 56;
            if (BitConverter.ToUInt32(bytes, ph) != 2)
            {
                continue;
            }
            var offset = (int)BitConverter.ToInt64(bytes, ph + 8);
            for (var at = offset; ; at += 16)
            {
                if (BitConverter.ToInt64(bytes, at) == 1)
                {
                    BitConverter.GetBytes(0x10_0000_0000L).CopyTo(bytes, at + 8);
                    break;
                }
            }
        }

        Assert.Equal("LSLIM2002", Assert.Throws<LambdaSlimException>(() => ElfReader.Parse(bytes)).Code);
    }
}
