using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using UglyToad.PdfPig;

namespace Monolith.Host.Tests.Billing;

/// <summary>Issue 10 item 7: the office's logo (set by its administrator, PNG or JPEG checked by magic bytes, size-limited) is printed in
/// the header of the documents it issues, through the shared A4 layout; read back from the PDF with PdfPig.</summary>
public sealed class OfficeLogoTests
{
    /// <summary>A 40 × 20 red PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAAJElEQVR4nGM4ISc3IIhh1OJRi0ctHrV41OJRi0ctHrV45FgMAFLhLK5mrmiuAAAAAElFTkSuQmCC");

    private static readonly BillingCustomer Customer = new(
        "c-logo", CustomerKind.Business, "Marie Martin Nautisme", new BillingAddress("2 quai Nord", "66470", "Sainte-Marie"), "marie@example.fr",
        VatNumber: "FR03552081317", Siren: "552081317");

    private static ByteArrayContent Image(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static async Task<int> ImagesInInvoicePdfAsync(HttpClient staff, string invoiceId)
    {
        var pdf = await staff.GetAsync($"/api/billing/invoices/{invoiceId}/pdf");
        pdf.StatusCode.Should().Be(HttpStatusCode.OK);
        using var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        return document.GetPages().Sum(p => p.GetImages().Count());
    }

    [ChromiumFact]
    public async Task An_invoice_prints_the_logo_the_office_set_and_none_once_it_is_removed()
    {
        await using var app = new BillingApp();
        var admin = await app.ClientAsync("port-logo", Roles.OfficeAdmin);
        var staff = await app.ClientAsync("port-logo", Roles.OfficeStaff);
        var issued = await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest(
            "marina", "logo-1", Customer, [new InvoiceLineRequest("Grutage aller-retour", 1, 17800, VatRate.Standard)]));
        issued.StatusCode.Should().Be(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var invoiceId = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invoiceId").GetString()!;
        (await ImagesInInvoicePdfAsync(staff, invoiceId)).Should().Be(0, "no logo set yet");

        var set = await admin.PostAsync("/api/office/logo", Image(Png, "image/png"));
        set.StatusCode.Should().Be(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contentType").GetString().Should().Be("image/png");
        (await staff.GetByteArrayAsync("/api/office/logo")).Should().Equal(Png);

        (await ImagesInInvoicePdfAsync(staff, invoiceId)).Should().Be(1, "the logo is printed in the document's header");

        (await admin.DeleteAsync("/api/office/logo")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ImagesInInvoicePdfAsync(staff, invoiceId)).Should().Be(0);
    }

    [Fact]
    public async Task Anything_but_a_png_or_jpeg_of_at_most_200_KB_set_by_an_administrator_is_refused_in_french()
    {
        await using var app = new BillingApp();
        var admin = await app.ClientAsync("port-logo-2", Roles.OfficeAdmin);
        var staff = await app.ClientAsync("port-logo-2", Roles.OfficeStaff);

        var gif = await admin.PostAsync("/api/office/logo", Image("GIF89a\u0001\u0000"u8.ToArray(), "image/png"));
        gif.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await gif.Content.ReadAsStringAsync()).Should().Contain("office.logo-invalid").And.Contain("PNG ou JPEG");

        var large = new byte[(200 * 1024) + 1];
        Png.CopyTo(large, 0);
        var tooLarge = await admin.PostAsync("/api/office/logo", Image(large, "image/png"));
        tooLarge.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await tooLarge.Content.ReadAsStringAsync()).Should().Contain("office.logo-too-large").And.Contain("200 Ko");

        (await staff.PostAsync("/api/office/logo", Image(Png, "image/png"))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "an administrator's setting");
        (await staff.GetAsync("/api/office/logo")).StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing was recorded");

        var jpeg = await admin.PostAsync("/api/office/logo", Image([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46], "image/png"));
        jpeg.StatusCode.Should().Be(HttpStatusCode.OK, "the type comes from the magic bytes, not from the header");
        (await jpeg.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contentType").GetString().Should().Be("image/jpeg");
    }
}
