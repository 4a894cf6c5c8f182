using System.Security.Cryptography;
using System.Text;

namespace LambdaSlim.Core.Publishing;

/// <summary>
/// Exclusive, cross-process locks on a set of projects, held while a function's architectures are restored, compiled
/// and staged. Two publishes that share a library (two functions of one solution published by parallel CI jobs)
/// would otherwise compile it into the same obj/ and bin/ at the same time, and one compiler can read the reference
/// assembly the other is still writing. The second publish waits instead, then finds the library up to date.
/// </summary>
/// <remarks>
/// A lock is an advisory <c>flock</c> on a file named after the project's full path (.NET takes it for
/// <see cref="FileShare.None"/> on Unix), so the kernel releases it when the holder exits, even when it is killed.
/// Projects are locked in ordinal order of their paths, so two holders never wait for each other in a circle.
/// </remarks>
public sealed class ProjectLocks : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly List<FileStream> _held;

    private ProjectLocks(List<FileStream> held) => _held = held;

    /// <summary>The folder of the lock files: one per user in the temporary folder, outside every project.</summary>
    public static string DefaultDirectory =>
        Path.Combine(Path.GetTempPath(), $"lambdaslim-locks-{Environment.UserName}");

    /// <summary>
    /// Locks every project of <paramref name="projectPaths"/>. <paramref name="onWait"/> is called once per project
    /// another process holds, before waiting for it; after <paramref name="timeout"/> the wait fails with LSLIM1030.
    /// </summary>
    public static ProjectLocks Acquire(IEnumerable<string> projectPaths, string lockDirectory, TimeSpan timeout, Action<string> onWait)
    {
        Directory.CreateDirectory(lockDirectory);
        var held = new List<FileStream>();
        try
        {
            foreach (var project in projectPaths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                held.Add(LockOne(project, Path.Combine(lockDirectory, LockFileName(project)), timeout, onWait));
            }
            return new ProjectLocks(held);
        }
        catch
        {
            held.ForEach(h => h.Dispose());
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var lockFile in _held)
        {
            lockFile.Dispose();
        }
        _held.Clear();
    }

    /// <summary>A name that is the same for every spelling of the project in every process: a hash of its full path.</summary>
    internal static string LockFileName(string projectFullPath) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(projectFullPath)))[..32] + ".lock";

    private static FileStream LockOne(string project, string lockFile, TimeSpan timeout, Action<string> onWait)
    {
        var deadline = DateTime.UtcNow + timeout;
        var announced = false;
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!announced)
                {
                    onWait(project);
                    announced = true;
                }
                Thread.Sleep(PollInterval);
            }
            catch (IOException ex)
            {
                throw new LambdaSlimException("LSLIM1030",
                    $"Another build has held the project '{project}' for more than {timeout.TotalMinutes:0} minutes (lock file {lockFile}). " +
                    "Wait for the other publish of a project that uses it to finish, or stop it; a lock of a process that has exited is released by the system.", ex);
            }
        }
    }
}
