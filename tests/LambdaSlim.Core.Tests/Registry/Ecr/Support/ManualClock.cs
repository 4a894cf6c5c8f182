namespace LambdaSlim.Core.Tests.Registry.Ecr.Support;

/// <summary>A clock the test moves by hand (token expiry), starting at the real time so signatures stay acceptable.</summary>
internal sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;
}
