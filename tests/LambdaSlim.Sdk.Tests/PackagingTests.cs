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
    public void The_events_and_templates_packages_come_with_the_SDK_and_its_version()
    {
        using var sdk = Open("LambdaSlim.Sdk");
        using var events = Open("LambdaSlim.Events");
        using var templates = Open("LambdaSlim.Templates");

        // LambdaEvents=true adds LambdaSlim.Events of exactly the SDK's version, which the SDK learns from this file.
        Assert.Equal($"<Project><PropertyGroup><LambdaSlimVersion>{TestRepo.PackageVersion}</LambdaSlimVersion></PropertyGroup></Project>",
            Read(sdk, "build/LambdaSlim.Sdk.Version.props").Trim());
        Assert.Contains("lib/net8.0/LambdaSlim.Events.dll", events.Entries.Select(e => e.FullName));
        // The runtime client is the SDK's, never a package of its own: no dependency on it.
        Assert.DoesNotContain("<dependency", Read(events, "LambdaSlim.Events.nuspec"));

        var content = templates.Entries.Where(e => e.FullName.StartsWith("content/", StringComparison.Ordinal)).ToList();
        foreach (var template in new[] { "lambdaslim", "lambdaslim-http", "lambdaslim-sqs" })
        {
            Assert.Contains(content, e => e.FullName == $"content/{template}/.template.config/template.json");
            Assert.Contains(content, e => e.FullName == $"content/{template}/src/LambdaSlimFunction/event.json");
            Assert.Contains($"<Project Sdk=\"LambdaSlim.Sdk/{TestRepo.PackageVersion}\">",
                Read(templates, $"content/{template}/src/LambdaSlimFunction/LambdaSlimFunction.csproj"));
        }
        Assert.DoesNotContain(content, e => Read(templates, e.FullName).Contains("LAMBDASLIM_VERSION"));
        Assert.Equal(File.ReadAllText(Path.Combine(TestRepo.Root, "src", "Events", "Samples", "sqs.json")),
            Read(templates, "content/lambdaslim-sqs/src/LambdaSlimFunction/event.json"));
    }

    private static ZipArchive Open(string id) =>
        ZipFile.OpenRead(Path.Combine(TestRepo.NuGetFeed, $"{id}.{TestRepo.PackageVersion}.nupkg"));

    private static string Read(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)?.Open() ?? throw new InvalidOperationException($"{entry} is not in the package"));
        return reader.ReadToEnd();
    }

    [Fact]
    public void Version_comes_from_eng_Versions_props_with_a_unique_suffix()
    {
        var versions = File.ReadAllText(Path.Combine(TestRepo.Root, "eng", "Versions.props"));
        var prefix = System.Text.RegularExpressions.Regex.Match(versions, "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value;
        Assert.StartsWith(prefix + "-", TestRepo.PackageVersion, StringComparison.Ordinal);
    }
}
