using System;
using Microsoft.Extensions.Primitives;
using Shop.Text;

namespace Shop.Pricing;

/// <summary>Prices a basket written as "item=cents,item=cents"; a VAT rate in percent applies to the sum.</summary>
public static class Basket
{
    public static long TotalCents(string basket, int vatPercent)
    {
        long net = 0;
        foreach (var line in new StringTokenizer(basket, [',']))
        {
            var eq = line.IndexOf('=');
            if (eq > 0 && long.TryParse(line.Subsegment(eq + 1).AsSpan(), out var cents))
            {
                net += cents;
            }
        }
        return net + (net * vatPercent + 50) / 100;
    }

    public static string Describe(string basket, int vatPercent) => Money.Format(TotalCents(basket, vatPercent), "EUR");
}
