// Prices the basket the event carries (the raw event text, e.g. "book=1250,pen=199") with 19 % VAT.
using System.Text;
using LambdaSlim.Runtime;
using Shop.Pricing;

await LambdaRuntime.RunAsync((payload, context) =>
{
    var basket = Encoding.UTF8.GetString(payload.Span).Trim('"', ' ', '\n');
    var answer = $"{{\"function\":\"Orders\",\"total\":\"{Basket.Describe(basket, 19)}\"}}";
    return Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(answer));
});
