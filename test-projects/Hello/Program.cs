// The smallest LambdaSlim function: raw event bytes in, a JSON greeting out.
using System.Runtime.InteropServices;
using System.Text;
using LambdaSlim.Runtime;

await LambdaRuntime.RunAsync((payload, context) =>
{
    var greeting = $"{{\"message\":\"Hello from LambdaSlim\",\"architecture\":\"{RuntimeInformation.ProcessArchitecture}\",\"requestId\":\"{context.AwsRequestId}\",\"eventBytes\":{payload.Length}}}";
    return Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(greeting));
});
