namespace LambdaSlim.Runtime.Invocations;

/// <summary>
/// Which invocation is the process's cold start: exactly one, however many loops serve at once
/// (ILambdaContext.IsColdStart). Shared by the loops of one process instead of living in a static.
/// </summary>
internal sealed class FirstInvocation
{
    private int _claimed;

    /// <summary>True for the first caller only.</summary>
    public bool Claim() => Volatile.Read(ref _claimed) == 0 && Interlocked.Exchange(ref _claimed, 1) == 0;
}
