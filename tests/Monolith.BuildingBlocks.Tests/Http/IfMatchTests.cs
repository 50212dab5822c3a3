using Microsoft.AspNetCore.Http;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;

namespace Monolith.BuildingBlocks.Tests.Http;

public sealed class IfMatchTests
{
    private static HttpRequest Request(params string[] ifMatch)
    {
        var context = new DefaultHttpContext();
        if (ifMatch.Length > 0)
        {
            context.Request.Headers.IfMatch = ifMatch;
        }

        return context.Request;
    }

    [Fact]
    public void No_header_is_null() => IfMatch.Parse(Request()).Should().BeNull();

    [Theory]
    [InlineData("\"0\"", 0)]
    [InlineData("\"7\"", 7)]
    [InlineData(" \"123456789012\" ", 123456789012)]
    public void A_strong_etag_is_the_exact_revision(string header, long revision) =>
        IfMatch.Parse(Request(header)).Should().Be(ExpectedRevision.Exact(revision));

    [Fact]
    public void Star_means_the_stream_exists() => IfMatch.Parse(Request("*")).Should().Be(ExpectedRevision.StreamExists);

    [Theory]
    [InlineData("W/\"7\"")]
    [InlineData("7")]
    [InlineData("\"seven\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"1\", \"2\"")]
    public void Weak_malformed_or_several_etags_are_a_400_on_the_header(string header)
    {
        var act = () => IfMatch.Parse(Request(header));
        act.Should().Throw<RequestValidationException>().Which.Errors.Should().ContainKey("If-Match");
    }

    [Fact]
    public void Two_header_lines_are_rejected()
    {
        var act = () => IfMatch.Parse(Request("\"1\"", "\"2\""));
        act.Should().Throw<RequestValidationException>();
    }

    [Fact]
    public void The_etag_of_a_revision_round_trips()
    {
        var context = new DefaultHttpContext();
        context.Response.SetRevision(41);
        context.Response.Headers.ETag.ToString().Should().Be("\"41\"");
        IfMatch.Parse(Request(context.Response.Headers.ETag.ToString())).Should().Be(ExpectedRevision.Exact(41));
    }
}
