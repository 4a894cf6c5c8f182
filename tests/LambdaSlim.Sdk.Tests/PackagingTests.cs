using System.IO.Compression;
using LambdaSlim.Sdk.Tests.Infrastructure;

namespace LambdaSlim.Sdk.Tests;

/// <summary>eng/build.sh packed the SDK into nuget/ with the layout both ways of consuming it rely on.</summary>
public sealed class PackagingTests
{
    [Fact]
    public void Sdk_package_has_sdk_build_tasks_and_runtime_folders()
    {
        var package = Path.Combine(TestRepo.NuGetFeed, $"LambdaSlim.Sdk.{TestRepo.PackageVersion}.nupkg");
        Assert.True(File.Exists(package), $"{package} is missing");

        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("Sdk/Sdk.props", entries);
        Assert.Contains("Sdk/Sdk.targets", entries);
        Assert.Contains("build/LambdaSlim.Sdk.props", entries);
        Assert.Contains("build/LambdaSlim.Sdk.After.targets", entries);
        Assert.Contains("tasks/net10.0/LambdaSlim.Tasks.dll", entries);
        Assert.Contains("tasks/net10.0/LambdaSlim.Core.dll", entries);
        Assert.Contains("runtime/net8.0/LambdaSlim.Runtime.dll", entries);
        // MSBuild's own assemblies come from the MSBuild that loads the task, never from the package.
        Assert.DoesNotContain(entries, e => e.StartsWith("tasks/", StringComparison.Ordinal) && Path.GetFileName(e).StartsWith("Microsoft.Build", StringComparison.Ordinal));
        // NuGet would import build/LambdaSlim.Sdk.targets too early; the targets come in through AfterMicrosoftNETSdkTargets.
        Assert.DoesNotContain("build/LambdaSlim.Sdk.targets", entries);

        var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
        Assert.Contains($"<version>{TestRepo.PackageVersion}</version>", nuspec);
        Assert.Contains("MSBuildSdk", nuspec);
    }

    [Fact]
    public void Version_comes_from_eng_Versions_props_with_a_unique_suffix()
    {
        var versions = File.ReadAllText(Path.Combine(TestRepo.Root, "eng", "Versions.props"));
        var prefix = System.Text.RegularExpressions.Regex.Match(versions, "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value;
        Assert.StartsWith(prefix + "-", TestRepo.PackageVersion, StringComparison.Ordinal);
    }
}
