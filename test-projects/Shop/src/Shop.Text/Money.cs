using System;
using System.Globalization;

namespace Shop.Text;

/// <summary>Formats amounts in cents the same way on every machine (the functions run with invariant globalization).</summary>
public static class Money
{
    public static string Format(long cents, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{cents / 100}.{Math.Abs(cents % 100):00} {currency}");
}
