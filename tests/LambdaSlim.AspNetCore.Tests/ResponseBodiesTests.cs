using LambdaSlim.AspNetCore.Events;
using Microsoft.AspNetCore.Http;

namespace LambdaSlim.AspNetCore.Tests;

/// <summary>The documented rule for text or base64 bodies, case by case.</summary>
public sealed class ResponseBodiesTests
{
    [Theory]
    [InlineData("text/plain", null, "hello", false)]
    [InlineData("text/html; charset=utf-8", null, "<p>hi</p>", false)]
    [InlineData("application/json", null, "{}", false)]
    [InlineData("application/problem+json", null, "{}", false)]
    [InlineData("image/svg+xml", null, "<svg/>", false)]
    [InlineData("application/xml", null, "<a/>", false)]
    [InlineData("application/javascript", null, "x()", false)]
    [InlineData("application/x-www-form-urlencoded", null, "a=1", false)]
    [InlineData("TEXT/CSV; charset=US-ASCII", null, "a,b", false)]
    [InlineData("application/octet-stream", null, "bytes", true)]
    [InlineData("image/png", null, "png", true)]
    [InlineData("text/plain; charset=iso-8859-1", null, "caf", true)]
    [InlineData("application/json", "gzip", "{}", true)]
    [InlineData("application/json", "identity", "{}", false)]
    [InlineData(null, null, "no type", true)]
    [InlineData("not a media type", null, "x", true)]
    public void A_body_is_text_only_when_its_type_says_so_and_nothing_else_says_otherwise(string? contentType, string? encoding, string body, bool base64)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        if (contentType is not null)
        {
            headers.ContentType = contentType;
        }
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        var (text, isBase64) = ResponseBodies.Encode(headers, System.Text.Encoding.UTF8.GetBytes(body));

        Assert.Equal(base64, isBase64);
        Assert.Equal(base64 ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(body)) : body, text);
    }

    [Fact]
    public void Bytes_that_are_not_UTF_8_go_base64_whatever_the_type_says()
    {
        IHeaderDictionary headers = new HeaderDictionary { ["Content-Type"] = "text/plain" };

        var (text, isBase64) = ResponseBodies.Encode(headers, [0x61, 0xFF, 0x62]);

        Assert.True(isBase64);
        Assert.Equal("Yf9i", text);
    }

    [Fact]
    public void An_empty_body_is_empty_text()
    {
        Assert.Equal(("", false), ResponseBodies.Encode(new HeaderDictionary { ["Content-Type"] = "image/png" }, []));
    }
}
