using Shop.Pricing;
using Xunit;

namespace Shop.Pricing.Tests;

public class BasketTests
{
    [Fact]
    public void Sums_the_lines_and_adds_vat() => Assert.Equal(1724, Basket.TotalCents("book=1250,pen=199", 19));

    [Fact]
    public void Describes_the_total_in_euros() => Assert.Equal("17.24 EUR", Basket.Describe("book=1250,pen=199", 19));
}
