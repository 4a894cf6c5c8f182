using LambdaSlim.Core.Publishing;
using Microsoft.Build.Framework;

namespace LambdaSlim.Tasks;

/// <summary>
/// Takes the cross-process locks on the function and every project it references (<see cref="ProjectLocks"/>) and
/// keeps them with the build engine until <see cref="UnlockLambdaProjects"/> runs, or the build ends.
/// </summary>
public sealed class LockLambdaProjects : LambdaSlimTask
{
    /// <summary>The function's project and its project references, transitively.</summary>
    [Required] public ITaskItem[] Projects { get; set; } = [];

    /// <summary>Longer than any honest publish of a function takes; a holder that has exited never counts.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>One key per project instance (file and global properties), shared with <see cref="UnlockLambdaProjects"/>.</summary>
    internal static string KeyFor(IBuildEngine engine) =>
        "LambdaSlim.ProjectLocks|" + engine.ProjectFileOfTaskNode + "|" +
        string.Join(";", ((IBuildEngine6)engine).GetGlobalProperties().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    protected override void ExecuteCore()
    {
        var key = KeyFor(BuildEngine);
        if (BuildEngine4.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is not null)
        {
            return;
        }
        // Waiting gives the node back to MSBuild: in a solution build the holder may need it for its own references.
        BuildEngine3.Yield();
        ProjectLocks locks;
        try
        {
            locks = ProjectLocks.Acquire(Projects.Select(p => p.ItemSpec), ProjectLocks.DefaultDirectory, Timeout,
                project => LogHigh($"LambdaSlim: waiting for another build that uses {Path.GetFileName(project)} to finish ({project})"));
        }
        finally
        {
            BuildEngine3.Reacquire();
        }
        // Build lifetime: MSBuild disposes it when the build ends, so a publish that fails midway releases its locks.
        BuildEngine4.RegisterTaskObject(key, locks, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
    }
}
