// The tests run real Linux tools (bwrap, qemu-user-static, umoci, ELF compilers): Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
