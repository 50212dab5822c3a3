using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Monolith.Host.Tests.Billing;

/// <summary>Printed documents read back from the PDF chromium prints (PdfPig): A4, page x / y and the running header on every page, the
/// address where a DL window envelope shows it, totals on the right, amounts never broken, the service date always stated.</summary>
public sealed class PdfLayoutTests
{
    private const double PointsPerMm = 72 / 25.4;

    /// <summary>A business customer: its invoices carry every mention (late penalties, the 40 € recovery indemnity).</summary>
    private static readonly BillingCustomer Customer = new(
        "berth-9", CustomerKind.Business, "Marie Martin Nautisme", new BillingAddress("2 quai Nord", "66470", "Sainte-Marie"), "marie@example.fr",
        VatNumber: "FR03552081317", Siren: "552081317");

    private static async Task<(string Number, byte[] Pdf)> PrintAsync(BillingApp app, IReadOnlyList<InvoiceLineRequest> lines)
    {
        var staff = await app.ClientAsync("port-a", Roles.OfficeStaff);
        var issued = await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest("marina", $"c-{lines.Count}", Customer, [.. lines]));
        var invoice = await issued.Content.ReadFromJsonAsync<JsonElement>();
        issued.StatusCode.Should().Be(HttpStatusCode.Created, invoice.ToString());
        var pdf = await staff.GetAsync($"/api/billing/invoices/{invoice.GetProperty("invoiceId").GetString()}/pdf");
        pdf.StatusCode.Should().Be(HttpStatusCode.OK);
        return (invoice.GetProperty("number").GetString()!, await pdf.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The page's text lines, top to bottom (words grouped by baseline), spaces of every kind as plain spaces.</summary>
    private static List<string> Lines(Page page) =>
        [.. page.GetWords()
            .GroupBy(w => Math.Round(w.BoundingBox.Bottom / 2))
            .OrderByDescending(g => g.Key)
            .Select(g => Plain(string.Join(" ", g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))))];

    private static string Plain(string text) => string.Join(' ', text.Replace('\u00A0', ' ').Replace('\u202F', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static double FromTopMm(Page page, double y) => (page.Height - y) / PointsPerMm;

    [ChromiumFact]
    public async Task A_five_line_invoice_prints_on_one_A4_page_laid_out_for_a_window_envelope()
    {
        await using var app = new BillingApp();
        var (number, bytes) = await PrintAsync(app,
        [
            new InvoiceLineRequest("Contrat annuel d'amarrage — ponton B, place 12", 1, 152000, VatRate.Standard, new DateOnly(2026, 3, 1)),
            new InvoiceLineRequest("Grutage aller-retour", 2, 17800, VatRate.Standard),
            new InvoiceLineRequest("Gardiennage hivernal", 1, 64000, VatRate.Standard),
            new InvoiceLineRequest("Électricité (forfait)", 1, 4000, VatRate.Standard),
            new InvoiceLineRequest("Taxe de séjour", 3, 150, VatRate.OutOfScope("Taxe collectée pour la commune")),
        ]);

        using var pdf = PdfDocument.Open(bytes);
        pdf.NumberOfPages.Should().Be(1, "a 5-line invoice, its totals, mentions and bank line fit on one page");
        var page = pdf.GetPage(1);
        (page.Width / PointsPerMm).Should().BeApproximately(210, 1, "A4");
        (page.Height / PointsPerMm).Should().BeApproximately(297, 1, "A4");
        var lines = Lines(page);
        var text = string.Join("\n", lines);
        lines.Should().Contain(l => l.EndsWith("Page 1 / 1", StringComparison.Ordinal), "page numbers in the footer");
        lines.First().Should().Contain($"Facture n° {number}").And.Contain("Port de Sainte Marie la Mer", "the running header: document and issuer");

        // Amounts are whole on their line: figures, decimals and the euro sign together.
        foreach (var amount in new[] { 152000L, 35600, 64000, 4000, 450, 256050 })
        {
            lines.Should().Contain(l => l.Contains(Plain(Euros.Format(amount)), StringComparison.Ordinal), $"{Euros.Format(amount)} is printed unbroken");
        }

        text.Should().Contain("40 € (art. L441-10", "the recovery indemnity's amount does not break either");
        string.Join(" ", lines).Should().Contain("(prestation du 01/03/2026)", "a dated line shows its date (the label cell may wrap)")
            .And.Contain("Date de la prestation ou de la livraison : 01/03/2026", "undated lines: the service date is stated");
        text.Should().Contain("Règlement par virement").And.Contain("FR7630006000011234567890189");

        // The addressee sits in a DL window: right half, 45–50 mm from the top edge.
        var name = page.GetWords().Single(w => w.Text == "Nautisme");
        FromTopMm(page, name.BoundingBox.Top).Should().BeInRange(45, 52);
        (name.BoundingBox.Left / PointsPerMm).Should().BeInRange(100, 170, "in the right half, where the window is");

        // Totals are right-aligned: "Total TTC : …" ends near the right margin.
        var ttc = page.GetWords().Where(w => w.Text.EndsWith('€')).OrderByDescending(w => w.BoundingBox.Right).First();
        (ttc.BoundingBox.Right / PointsPerMm).Should().BeGreaterThan(185, "right-aligned to the 194 mm text edge");
    }

    [ChromiumFact]
    public async Task A_long_invoice_repeats_its_header_and_numbers_every_page()
    {
        await using var app = new BillingApp();
        var (number, bytes) = await PrintAsync(app,
            [.. Enumerable.Range(1, 45).Select(i => new InvoiceLineRequest($"Nuitée de groupe n° {i}", 1, 4500, VatRate.Intermediate, new DateOnly(2026, 2, 1).AddDays(i % 28)))]);

        using var pdf = PdfDocument.Open(bytes);
        pdf.NumberOfPages.Should().BeGreaterThan(1);
        for (var i = 1; i <= pdf.NumberOfPages; i++)
        {
            var lines = Lines(pdf.GetPage(i));
            lines.First().Should().Contain($"Facture n° {number}", $"page {i} has the running header");
            lines.Should().Contain(l => l.EndsWith($"Page {i} / {pdf.NumberOfPages}", StringComparison.Ordinal), $"page {i} is numbered");
            lines.Should().Contain(l => l.Contains("SIREN 732829320", StringComparison.Ordinal), $"page {i} has the legal footer");
        }

        string.Join("\n", Lines(pdf.GetPage(1))).Should().NotContain("Date de la prestation ou de la livraison", "every line is dated");
    }
}
