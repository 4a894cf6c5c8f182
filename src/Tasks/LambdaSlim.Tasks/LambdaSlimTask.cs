using LambdaSlim.Core;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaSlim.Tasks;

/// <summary>
/// Base of every LambdaSlim task: runs the core call and turns a <see cref="LambdaSlimException"/> into an MSBuild
/// error carrying its LSLIM code, so users see the code and the fix instead of a stack trace.
/// </summary>
public abstract class LambdaSlimTask : Microsoft.Build.Utilities.Task
{
    public sealed override bool Execute()
    {
        try
        {
            ExecuteCore();
        }
        catch (LambdaSlimException ex)
        {
            LogError(ex.Code, ex.Message);
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>Maps the task's parameters onto one core call.</summary>
    protected abstract void ExecuteCore();

    protected void LogError(string code, string message) =>
        Log.LogError(subcategory: null, errorCode: code, helpKeyword: null, file: BuildEngine.ProjectFileOfTaskNode,
            lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message: message);

    protected void LogHigh(string message) => Log.LogMessage(MessageImportance.High, message);
}
