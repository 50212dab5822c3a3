using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Templates;

namespace Monolith.BuildingBlocks.Tests.Templates;

public sealed class TemplateTests
{
    internal static ServiceProvider BuildServices()
    {
        var services = new ServiceCollection();
        new ModuleBuilder("tests", services, new ConfigurationBuilder().Build()).Templates(typeof(TemplateTests).Assembly);
        services.AddTemplates();
        return services.BuildServiceProvider();
    }

    private static readonly object Reminder = new
    {
        name = "Zoé <Dupont>",
        year = 2017,
        amountCents = 169800,
        dueOn = new DateOnly(2016, 12, 19),
        note = "tarif \"famille\" & enfants",
    };

    [Theory]
    [InlineData(169800L, "1\u202F698,00\u00A0€")]
    [InlineData(5L, "0,05\u00A0€")]
    [InlineData(0L, "0,00\u00A0€")]
    [InlineData(-1250L, "-12,50\u00A0€")]
    [InlineData(123456789012L, "1\u202F234\u202F567\u202F890,12\u00A0€")]
    public void Money_formats_integer_cents_the_French_way(long cents, string expected) =>
        FrenchFormat.Money(cents).Should().Be(expected);

    [Theory]
    [InlineData("0.2", "20\u00A0%")]
    [InlineData("0.055", "5,5\u00A0%")]
    [InlineData("1", "100\u00A0%")]
    [InlineData("0.12345", "12,35\u00A0%")]
    public void Percent_formats_a_fraction(string fraction, string expected) =>
        FrenchFormat.Percent(decimal.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(expected);

    [Fact]
    public void Helpers_in_a_template_format_money_and_dates_and_escape_html()
    {
        using var services = BuildServices();
        var rendered = services.GetRequiredService<ITemplateRenderer>().Render("tests.reminder", Reminder);

        rendered.Subject.Should().Be("Rappel : cotisation 2017 de Zoé <Dupont>", "the subject is a header, not HTML: not escaped");
        rendered.Html.Should().Contain("de 1\u202F698,00\u00A0€ est à régler avant le 19/12/2016.");
        rendered.Html.Should().Contain("Bonjour Zoé &lt;Dupont&gt;,");
        rendered.Html.Should().Contain("tarif &quot;famille&quot; &amp; enfants");
        rendered.Html.Should().NotContain("{{##").And.NotContain("subject:");
        rendered.Html.Should().Contain("<p class=\"signature\">L'équipe de l'Office de Tourisme</p>", "module partials resolve");
        rendered.Text.Should().Contain("Bonjour Zoé <Dupont>,").And.Contain("tarif \"famille\" & enfants", "the text variant is not HTML-escaped");
    }

    [Fact]
    public void Dates_of_instants_are_shown_in_Paris_time_with_a_configurable_format()
    {
        using var services = BuildServices();
        var renderer = services.GetRequiredService<ITemplateRenderer>();
        var model = new
        {
            number = "F-2016-0042",
            issuedOn = new DateTimeOffset(2016, 12, 18, 23, 30, 0, TimeSpan.Zero), // already the 19th in Paris
            recordedAt = new DateTimeOffset(2016, 12, 19, 10, 55, 0, TimeSpan.Zero),
            lines = new[] { new { label = "Cotisation", cents = 169800 }, new { label = "Adhésion", cents = 2000 } },
            vatRate = 0.2m,
            totalCents = 171800,
        };

        var html = renderer.Render("tests.invoice", model).Html;

        html.Should().Contain("Émise le 19/12/2016 — enregistrée le 19-12-2016 à 11:55");
        html.Should().Contain("<td>Adhésion</td><td class=\"num\">20,00\u00A0€</td>");
        html.Should().Contain("TVA 20\u00A0% — Total 1\u202F718,00\u00A0€");
    }

    [Fact]
    public void Datetime_accepts_a_format_argument()
    {
        var services = new ServiceCollection();
        services.AddTemplates(configure: o => o.DateTimeFormat = "dd/MM/yyyy HH'h'mm");
        using var provider = services.BuildServiceProvider();
        var instant = new DateTimeOffset(2016, 7, 14, 20, 5, 0, TimeSpan.Zero);
        var renderer = (ScribanTemplateRenderer)provider.GetRequiredService<ITemplateRenderer>();

        renderer.RenderInline("{{ datetime at }} | {{ datetime at \"yyyy-MM-dd HH:mm\" }} | {{ date day }}", new { at = instant, day = new DateOnly(2016, 7, 14) })
            .Should().Be("14/07/2016 22h05 | 2016-07-14 22:05 | 14/07/2016");
    }

    [Fact]
    public void A_template_can_wrap_a_captured_body_in_the_shared_layout()
    {
        using var services = BuildServices();
        var html = services.GetRequiredService<ITemplateRenderer>().Render("tests.wrapped", new { name = "Léa" }).Html;

        html.Should().Contain("<!DOCTYPE html>").And.Contain("<title>Bienvenue</title>").And.Contain("<p>Bienvenue Léa !</p>");
    }

    [Fact]
    public void Values_are_escaped_as_Handlebars_did_unless_written_raw()
    {
        var renderer = Inline();
        renderer.RenderInline("{{ v }}|{{ raw v }}", new { v = "a&b<c>\"d\"'e'`f`=g" })
            .Should().Be("a&amp;b&lt;c&gt;&quot;d&quot;&#x27;e&#x27;&#x60;f&#x60;&#x3D;g|a&b<c>\"d\"'e'`f`=g");
    }

    [Theory]
    [InlineData("")]
    [InlineData(0)]
    [InlineData(0L)]
    [InlineData(false)]
    [InlineData(null)]
    public void If_is_false_for_empty_values_as_in_Handlebars(object? value) =>
        Inline().RenderInline("{{ if v }}oui{{ else }}non{{ end }}", new { v = value }).Should().Be("non");

    [Fact]
    public void If_is_false_for_an_empty_list_and_true_for_a_full_one() =>
        Inline().RenderInline("{{ if a }}a{{ end }}{{ if b }}b{{ end }}", new { a = Array.Empty<int>(), b = new[] { 1 } }).Should().Be("b");

    [Fact]
    public void A_member_the_object_does_not_have_is_an_error_not_an_empty_text()
    {
        var act = () => Inline().RenderInline("{{ line.Lable }}", new { line = new { Label = "x" } });
        act.Should().Throw<Scriban.Syntax.ScriptRuntimeException>().WithMessage("*Lable*");
    }

    [Fact]
    public void A_top_level_name_the_model_lacks_is_empty_so_partials_can_be_shared_by_models() =>
        Inline().RenderInline("[{{ if Label }}{{ Label }}{{ end }}]", new { Number = "1" }).Should().Be("[]");

    [Fact]
    public void Now_is_not_available_to_templates_date_is_our_formatter()
    {
        var act = () => Inline().RenderInline("{{ date.now }}", new { });
        act.Should().Throw<Exception>("time comes from the TimeProvider of the caller, never from the template");
    }

    [Fact]
    public void Broken_templates_fail_when_the_renderer_is_built_with_every_problem_listed()
    {
        var services = new ServiceCollection();
        new ModuleBuilder("broken", services, new ConfigurationBuilder().Build())
            .Templates(typeof(TemplateTests).Assembly, "Monolith.BuildingBlocks.Tests.TemplatesBroken.");
        services.AddTemplates();
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<ITemplateRenderer>();

        var errors = act.Should().Throw<TemplateCompilationException>().Which.Errors;
        errors.Should().Contain(e => e.Contains("broken.unclosed.fr (subject)", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("broken.unclosed.fr", StringComparison.Ordinal) && !e.Contains("subject", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("include \"tests-nowhere\" names no partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_host_does_not_start_with_a_broken_template()
    {
        var services = new ServiceCollection();
        new ModuleBuilder("broken", services, new ConfigurationBuilder().Build())
            .Templates(typeof(TemplateTests).Assembly, "Monolith.BuildingBlocks.Tests.TemplatesBroken.");
        services.AddTemplates();
        using var provider = services.BuildServiceProvider();
        var check = provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<TemplateStartupCheck>().Single();

        var act = () => check.StartAsync(CancellationToken.None);

        await act.Should().ThrowAsync<TemplateCompilationException>();
    }

    private static ScribanTemplateRenderer Inline() => new([], new TemplateOptions());

    [Fact]
    public void Unknown_template_is_reported_with_the_known_names()
    {
        using var services = BuildServices();
        var act = () => services.GetRequiredService<ITemplateRenderer>().Render("tests.nope", new { });
        act.Should().Throw<KeyNotFoundException>().WithMessage("*tests.reminder*");
    }

    [Fact]
    public async Task A_document_is_a_whole_printable_A4_html_page()
    {
        using var services = BuildServices();
        var html = await services.GetRequiredService<IDocumentRenderer>().RenderHtmlAsync("tests.invoice", new
        {
            number = "F-1",
            issuedOn = new DateOnly(2016, 12, 19),
            recordedAt = DateTimeOffset.UnixEpoch,
            lines = Array.Empty<object>(),
            vatRate = 0.2m,
            totalCents = 0,
        });

        html.Should().StartWith("<!DOCTYPE html>");
        html.Should().Contain("<title>Facture F-1</title>");
        html.Should().Contain("size: A4;").And.Contain("counter(pages)");
        html.Should().Contain("<h1>Facture F-1</h1>");
        html.Should().EndWith("</html>");
    }
}
