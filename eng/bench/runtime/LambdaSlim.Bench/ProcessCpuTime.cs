using System.Globalization;

namespace LambdaSlim.Bench;

/// <summary>
/// CPU time a live process has used so far, in nanoseconds of the scheduler's own accounting: the first field of
/// /proc/PID/task/TID/schedstat summed over the process's threads. Unlike wall time it hardly moves when other jobs
/// load the machine, and unlike /proc/PID/stat (10 ms ticks) it resolves the sub-millisecond starts timed here.
/// Threads that already ended are not counted (the clients under test keep theirs).
/// </summary>
internal static class ProcessCpuTime
{
    public static TimeSpan Read(int pid)
    {
        long nanoseconds = 0;
        foreach (string task in Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task"))
        {
            try
            {
                string schedstat = File.ReadAllText(Path.Combine(task, "schedstat"));
                nanoseconds += long.Parse(schedstat.AsSpan(0, schedstat.IndexOf(' ')), CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the thread ended between listing and reading: its time is gone with it
            }
        }
        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    /// <summary>
    /// Minor page faults the process has taken so far (/proc/PID/stat field 10): each first touch of a page of the
    /// binary, the heap or a stack costs one, and a cold start's instruction count does not show them.
    /// </summary>
    public static long MinorFaults(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        // Fields after the command name, which is in parentheses and may itself hold spaces: state is field 3.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[10 - 3], CultureInfo.InvariantCulture);
    }
}
