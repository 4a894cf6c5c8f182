using LambdaSlim.Runtime;

namespace LambdaSlim.AspNetCore.Features;

internal sealed class LambdaFeature(ILambdaContext context, object @event, LambdaEventSource eventSource) : ILambdaFeature
{
    public ILambdaContext Context { get; } = context;
    public object Event { get; } = @event;
    public LambdaEventSource EventSource { get; } = eventSource;
}
