using System.Diagnostics;
using LambdaSlim.Core;
using LambdaSlim.Core.Publishing;
using Xunit;

namespace LambdaSlim.Core.Tests.Publishing;

public sealed class ProjectLocksTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lambdaslim-locks-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string LockFileOf(string project) => Path.Combine(_directory, ProjectLocks.LockFileName(Path.GetFullPath(project)));

    [Fact]
    public void Another_process_cannot_take_a_held_project_until_it_is_released()
    {
        var project = "/src/Shop.Pricing/Shop.Pricing.csproj";
        using (ProjectLocks.Acquire([project], _directory, TimeSpan.FromSeconds(5), _ => { }))
        {
            // flock(1) takes the same kind of lock (flock(2)) from another process.
            Assert.Equal(1, Flock("-n", LockFileOf(project), "true"));
        }
        Assert.Equal(0, Flock("-n", LockFileOf(project), "true"));
    }

    [Fact]
    public async Task A_waiting_acquire_says_once_what_it_waits_for_and_proceeds_when_the_holder_releases()
    {
        var shared = "/src/Shop.Pricing/Shop.Pricing.csproj";
        var first = ProjectLocks.Acquire(["/src/Orders/Orders.csproj", shared], _directory, TimeSpan.FromSeconds(5), _ => { });
        var waitedFor = new List<string>();
        var second = Task.Run(() => ProjectLocks.Acquire(["/src/Receipts/Receipts.csproj", shared], _directory, TimeSpan.FromSeconds(30), p => { lock (waitedFor) { waitedFor.Add(p); } }));

        await Task.Delay(800);
        Assert.False(second.IsCompleted);
        first.Dispose();
        using var acquired = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([shared], waitedFor);
    }

    [Fact]
    public async Task A_lock_held_by_a_process_that_is_killed_is_released()
    {
        var project = "/src/Orders/Orders.csproj";
        File.WriteAllText(LockFileOf(project), "");
        using var holder = Process.Start(new ProcessStartInfo("flock", [LockFileOf(project), "sleep", "60"]))!;
        WaitUntil(() => Flock("-n", LockFileOf(project), "true") == 1);

        var acquire = Task.Run(() => ProjectLocks.Acquire([project], _directory, TimeSpan.FromSeconds(30), _ => { }));
        await Task.Delay(500);
        Assert.False(acquire.IsCompleted);
        holder.Kill(entireProcessTree: true);
        using var acquired = await acquire.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Waiting_longer_than_the_timeout_is_a_coded_error_naming_the_project()
    {
        var project = "/src/Orders/Orders.csproj";
        using var held = ProjectLocks.Acquire([project], _directory, TimeSpan.FromSeconds(5), _ => { });
        var error = Assert.Throws<LambdaSlimException>(() => ProjectLocks.Acquire([project], _directory, TimeSpan.FromMilliseconds(300), _ => { }));
        Assert.Equal("LSLIM1030", error.Code);
        Assert.Contains(project, error.Message);
    }

    [Fact]
    public void The_same_project_spelled_twice_is_locked_once()
    {
        using var locks = ProjectLocks.Acquire(["/src/Orders/Orders.csproj", "/src/Orders/../Orders/Orders.csproj"], _directory, TimeSpan.FromSeconds(2), _ => { });
        Assert.Single(Directory.GetFiles(_directory));
    }

    private static int Flock(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("flock", arguments))!;
        process.WaitForExit();
        return process.ExitCode;
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met");
            }
            Thread.Sleep(50);
        }
    }
}
