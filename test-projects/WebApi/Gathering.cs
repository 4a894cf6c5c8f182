namespace WebApi;

/// <summary>
/// Lets requests wait for each other: <see cref="MeetAsync"/> returns true once <c>count</c> requests are inside it
/// at the same time, false when they were not within the timeout. Only a server that runs requests concurrently can
/// bring more than one of them together.
/// </summary>
public sealed class Gathering
{
    private readonly object _gate = new();
    private int _inside;
    private TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<bool> MeetAsync(int count, TimeSpan timeout)
    {
        TaskCompletionSource round;
        lock (_gate)
        {
            _inside++;
            round = _complete;
            if (_inside == count)
            {
                _complete.SetResult();
                _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);
                _inside = 0;
            }
        }
        try
        {
            await round.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                // Still waiting in this round: leave it (a completed round was reset already).
                if (ReferenceEquals(round, _complete))
                {
                    _inside--;
                }
            }
            return false;
        }
    }
}
