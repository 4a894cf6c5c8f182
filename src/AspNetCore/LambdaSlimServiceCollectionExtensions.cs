using LambdaSlim.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LambdaSlim.AspNetCore;

/// <summary>Hosting an ASP.NET Core app in AWS Lambda with LambdaSlim.</summary>
public static class LambdaSlimServiceCollectionExtensions
{
    /// <summary>The variable Lambda sets for every function process: where its Runtime API listens.</summary>
    internal const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>
    /// In Lambda (<c>AWS_LAMBDA_RUNTIME_API</c> set), serves the app from Lambda events instead of Kestrel: each
    /// invocation becomes a request of the app's pipeline and its response the invocation's answer. Anywhere else
    /// (<c>dotnet run</c>, tests, a container) it does nothing and Kestrel serves as usual.
    /// The counterpart of Amazon.Lambda.AspNetCoreServer.Hosting's <c>AddAWSLambdaHosting(LambdaEventSource.HttpApi)</c>.
    /// </summary>
    /// <param name="eventSource">The service in front of the function; by default read from each event.</param>
    public static IServiceCollection AddLambdaSlimHosting(this IServiceCollection services,
        LambdaEventSource eventSource = LambdaEventSource.Detect) =>
        services.AddLambdaSlimHosting(options => options.EventSource = eventSource);

    /// <summary>
    /// <see cref="AddLambdaSlimHosting(IServiceCollection, LambdaEventSource)"/> with every option (event source,
    /// response streaming).
    /// </summary>
    public static IServiceCollection AddLambdaSlimHosting(this IServiceCollection services, Action<LambdaSlimHostingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RuntimeApiVariable)))
        {
            services.AddLambdaSlimServer(LambdaRuntimeLoop.Instance);
        }
        return services;
    }

    /// <summary>Replaces whatever server is registered (Kestrel) with one fed by <paramref name="loop"/>.</summary>
    internal static IServiceCollection AddLambdaSlimServer(this IServiceCollection services, IRuntimeLoop loop)
    {
        services.RemoveAll<IServer>();
        services.AddSingleton(loop);
        services.AddSingleton<IServer, LambdaSlimServer>();
        return services;
    }
}
