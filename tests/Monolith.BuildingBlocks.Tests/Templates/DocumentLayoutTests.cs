using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Templates;

namespace Monolith.BuildingBlocks.Tests.Templates;

public sealed class DocumentLayoutTests
{
    [Theory]
    [InlineData("Facture n° 2026/00001", "\"Facture n\\B0  2026/00001\"")]
    [InlineData("Port d'Arcachon \"Le Môle\"", "\"Port d'Arcachon \\22 Le M\\F4 le\\22 \"")]
    [InlineData("</style><script>x</script>", "\"\\3C /style\\3E \\3C script\\3E x\\3C /script\\3E \"")]
    [InlineData("a\\b\nc", "\"a\\5C b c\"")]
    public void A_value_becomes_a_CSS_string_that_cannot_escape_its_quotes_or_the_style_element(string value, string css) =>
        ScribanTemplateRenderer.CssString(value).Value.Should().Be(css);

    [Fact]
    public void The_document_layout_numbers_pages_and_puts_the_title_in_the_running_header()
    {
        using var services = TemplateTests.BuildServices();
        var html = services.GetRequiredService<ITemplateRenderer>().RenderLayout(SharedLayouts.Document, "Avoir n° AV2026/00001", "<p>corps</p>");

        html.Should().Contain("size: A4").And.Contain("@bottom-right { content: \"Page \" counter(page) \" / \" counter(pages)");
        html.Should().Contain("@page { @top-left { content: \"Avoir n\\B0  AV2026/00001\"; } }");
        html.Should().Contain("<p>corps</p>");
    }
}
