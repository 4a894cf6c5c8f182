// Writes a receipt line for the basket the event carries, without VAT, using both shared libraries.
using System.Text;
using LambdaSlim.Runtime;
using Shop.Pricing;
using Shop.Text;

await LambdaRuntime.RunAsync((payload, context) =>
{
    var basket = Encoding.UTF8.GetString(payload.Span).Trim('"', ' ', '\n');
    var answer = $"{{\"function\":\"Receipts\",\"net\":\"{Money.Format(Basket.TotalCents(basket, 0), "EUR")}\",\"requestId\":\"{context.AwsRequestId}\"}}";
    return Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(answer));
});
