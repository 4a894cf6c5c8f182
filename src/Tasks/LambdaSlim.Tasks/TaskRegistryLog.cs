using LambdaSlim.Core.Registry;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaSlim.Tasks;

/// <summary>The registry core's log on the MSBuild log: results at high importance, progress at normal.</summary>
internal sealed class TaskRegistryLog(TaskLoggingHelper log) : IRegistryLog
{
    public void Info(string message) => log.LogMessage(MessageImportance.High, message);

    public void Detail(string message) => log.LogMessage(MessageImportance.Normal, message);

    public void Warning(string message) => log.LogWarning(message);
}
