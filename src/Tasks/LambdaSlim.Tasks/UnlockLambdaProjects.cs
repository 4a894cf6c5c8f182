using Microsoft.Build.Framework;

namespace LambdaSlim.Tasks;

/// <summary>Releases the locks <see cref="LockLambdaProjects"/> took for this project, as soon as they are not needed.</summary>
public sealed class UnlockLambdaProjects : LambdaSlimTask
{
    protected override void ExecuteCore()
    {
        var key = LockLambdaProjects.KeyFor(BuildEngine);
        (BuildEngine4.UnregisterTaskObject(key, RegisteredTaskObjectLifetime.Build) as IDisposable)?.Dispose();
    }
}
