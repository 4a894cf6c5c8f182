// These tests run real Linux tools (gcc, skopeo, umoci, bwrap) and read Linux sysroots.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
