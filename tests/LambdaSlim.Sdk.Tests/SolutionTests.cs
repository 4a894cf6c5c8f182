using System.Text.Json;
using System.Text.RegularExpressions;
using LambdaSlim.Core.Elf;
using LambdaSlim.Emulator;
using LambdaSlim.Sdk.Tests.Infrastructure;

namespace LambdaSlim.Sdk.Tests;

/// <summary>
/// test-projects/Shop, the shape of a real solution: two functions (Orders, Receipts), a library both use
/// (Shop.Pricing, with a package of its own) that references another (Shop.Text, TreatWarningsAsErrors), and an
/// xunit project. Published as CI scripts publish it: the solution, each function alone, `-o`, in parallel.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class SolutionTests
{
    private static readonly string[] Functions = ["Orders", "Receipts"];
    private static readonly string[] Architectures = ["x86_64", "arm64"];
    private const string Basket = "\"book=1250,pen=199\"";

    [Fact]
    public async Task Five_clean_solution_publishes_in_a_row_build_every_function_natively_and_each_image_answers()
    {
        var shop = SampleWorkspace.Create("Shop", "shop-solution");
        var output = Path.Combine(shop.Directory, "publish out");
        for (var run = 1; run <= 5; run++)
        {
            shop.Clean();
            // The last run as CI scripts write it: -o to a folder with a space (each function in DIR/<project>/).
            string[] arguments = run < 5 ? ["Shop.sln", "-p:PublishLambdaImage=true"] : ["Shop.sln", "-p:PublishLambdaImage=true", "-o", output];
            var publish = await shop.PublishAsync(arguments);
            Assert.True(publish.ExitCode == 0, $"clean solution publish {run} of 5 failed:\n{publish}");

            foreach (var function in Functions)
            {
                var lambda = run < 5 ? Path.Combine(shop.Directory, "src", function, "bin", "Release", "lambda") : Path.Combine(output, function);
                foreach (var architecture in Architectures)
                {
                    AssertNativeBootstrap(Path.Combine(lambda, architecture, "bootstrap"), architecture, $"run {run}, {function}\n{publish}");
                }
                Assert.True(File.Exists(Path.Combine(lambda, "image", "index.json")), $"run {run}: no image for {function}");
            }
            // Libraries and the test project are published as Microsoft.NET.Sdk publishes them: no Lambda output.
            Assert.False(Directory.Exists(Path.Combine(shop.Directory, "src", "Shop.Pricing", "bin", "Release", "lambda")));
            Assert.False(Directory.Exists(Path.Combine(shop.Directory, "tests", "Shop.Pricing.Tests", "bin", "Release", "lambda")));
            // Each referenced library is compiled once per solution publish, not once per function or architecture.
            Assert.Single(Regex.Matches(publish.Output, @"Shop\.Pricing -> .*Shop\.Pricing\.dll"));
            Assert.Single(Regex.Matches(publish.Output, @"Shop\.Text -> .*Shop\.Text\.dll"));
        }

        foreach (var function in Functions)
        {
            await AssertImageAnswersAsync(Path.Combine(output, function, "image"), "x86_64", shop.Directory, function);
        }
        await AssertImageAnswersAsync(Path.Combine(output, "Orders", "image"), "arm64", shop.Directory, "Orders");

        var test = await shop.DotNetAsync(["test", "Shop.sln"]);
        Assert.True(test.ExitCode == 0, $"dotnet test of the solution after the publishes failed:\n{test}");
        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0, Passed:\s+2", test.Output);
    }

    [Fact]
    public async Task A_function_publishes_alone_after_a_failed_compile_from_another_folder_by_either_route_and_with_one_architecture()
    {
        var shop = SampleWorkspace.Create("Shop", "shop-alone");
        var basket = Path.Combine(shop.Directory, "src", "Shop.Pricing", "Basket.cs");
        var source = await File.ReadAllTextAsync(basket);

        // A compile error in a referenced library fails the publish with the compiler's error...
        await File.WriteAllTextAsync(basket, source.Replace("return net +", "return nett +"));
        var broken = await shop.PublishAsync("src/Orders/Orders.csproj", "-p:PublishLambdaImage=true");
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("error CS0103", broken.Output);

        // ...and once fixed, the next publish (from the solution folder, by project path) is as good as a clean one.
        await File.WriteAllTextAsync(basket, source);
        var orders = await shop.PublishAsync("src/Orders/Orders.csproj", "-p:PublishLambdaImage=true");
        Assert.True(orders.ExitCode == 0, orders.ToString());
        var ordersLambda = Path.Combine(shop.Directory, "src", "Orders", "bin", "Release", "lambda");
        foreach (var architecture in Architectures)
        {
            AssertNativeBootstrap(Path.Combine(ordersLambda, architecture, "bootstrap"), architecture, orders.ToString());
        }
        await AssertImageAnswersAsync(Path.Combine(ordersLambda, "image"), "x86_64", shop.Directory, "Orders");

        // The other consumption route (a PackageReference in a Microsoft.NET.Sdk project), with one architecture by
        // name: only that one is built and imaged.
        var receiptsProject = Path.Combine(shop.Directory, "src", "Receipts", "Receipts.csproj");
        await File.WriteAllTextAsync(receiptsProject, (await File.ReadAllTextAsync(receiptsProject))
            .Replace("<Project Sdk=\"LambdaSlim.Sdk\">", "<Project Sdk=\"Microsoft.NET.Sdk\">")
            .Replace("</Project>", $"""
                  <ItemGroup>
                    <PackageReference Include="LambdaSlim.Sdk" Version="{TestRepo.PackageVersion}" />
                  </ItemGroup>
                </Project>
                """));
        var receipts = await shop.PublishAsync("src/Receipts/Receipts.csproj", "-p:PublishLambdaImage=true", "-p:LambdaArchitectures=arm64");
        Assert.True(receipts.ExitCode == 0, receipts.ToString());
        var receiptsLambda = Path.Combine(shop.Directory, "src", "Receipts", "bin", "Release", "lambda");
        AssertNativeBootstrap(Path.Combine(receiptsLambda, "arm64", "bootstrap"), "arm64", receipts.ToString());
        Assert.False(Directory.Exists(Path.Combine(receiptsLambda, "x86_64")));
        await AssertImageAnswersAsync(Path.Combine(receiptsLambda, "image"), "arm64", shop.Directory, "Receipts");
    }

    [Fact]
    public async Task Publishing_with_o_writes_the_lambda_outputs_into_that_folder()
    {
        var shop = SampleWorkspace.Create("Shop", "shop-output");
        var output = Path.Combine(shop.Directory, "ci artifacts", "orders");

        var publish = await shop.PublishAsync("src/Orders/Orders.csproj", "-c", "Release", "-o", output, "-p:PublishLambdaImage=true", "-p:LambdaArchitectures=x86_64");

        Assert.True(publish.ExitCode == 0, publish.ToString());
        AssertNativeBootstrap(Path.Combine(output, "x86_64", "bootstrap"), "x86_64", publish.ToString());
        foreach (var file in new[] { "image/index.json", "image.tar", "report.md", "report.json" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"no {file} in {output}\n{publish}");
        }
        Assert.False(Directory.Exists(Path.Combine(shop.Directory, "src", "Orders", "bin", "Release", "lambda")));
        await AssertImageAnswersAsync(Path.Combine(output, "image"), "x86_64", shop.Directory, "Orders");
    }

    [Fact]
    public async Task Two_functions_sharing_libraries_publish_at_the_same_time_in_two_processes()
    {
        var shop = SampleWorkspace.Create("Shop", "shop-concurrent");

        var both = await Task.WhenAll(Functions.Select(function =>
            shop.PublishAsync($"src/{function}/{function}.csproj", "-p:PublishLambdaImage=true", "-p:LambdaArchitectures=x86_64")));

        for (var i = 0; i < Functions.Length; i++)
        {
            Assert.True(both[i].ExitCode == 0, $"{Functions[i]}:\n{both[i]}");
            var image = Path.Combine(shop.Directory, "src", Functions[i], "bin", "Release", "lambda", "image");
            await AssertImageAnswersAsync(image, "x86_64", shop.Directory, Functions[i]);
        }
    }

    private static void AssertNativeBootstrap(string bootstrap, string architecture, string context)
    {
        Assert.True(File.Exists(bootstrap), $"no {bootstrap}\n{context}");
        var elf = ElfReader.Read(bootstrap);
        Assert.Equal(architecture == "arm64" ? ElfMachine.AArch64 : ElfMachine.X86_64, elf.Machine);
    }

    /// <summary>Runs the image's own root filesystem as Lambda would and checks the priced basket.</summary>
    private static async Task AssertImageAnswersAsync(string image, string architecture, string workspace, string function)
    {
        var invocation = await ImageInvoker.InvokeOnceAsync(image, architecture, Path.Combine(workspace, "local-cache"), Basket);
        Assert.True(invocation.Result.Status == InvocationStatus.Success, $"{function} {architecture}: {invocation}");
        using var answer = JsonDocument.Parse(invocation.Result.PayloadText);
        Assert.Equal(function, answer.RootElement.GetProperty("function").GetString());
        var expected = function == "Orders" ? ("total", "17.24 EUR") : ("net", "14.49 EUR");
        Assert.Equal(expected.Item2, answer.RootElement.GetProperty(expected.Item1).GetString());
    }
}
