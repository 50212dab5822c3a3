using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Host.Tests.Billing;

/// <summary>Issue 10 item 6 (credit notes as real documents) and issue 11 (a business contact's e-mail is personal data in billing's
/// events).</summary>
public sealed class CreditNoteDocumentTests
{
    private static readonly BillingCustomer Business = new(
        "club-3", CustomerKind.Business, "Club de voile", new BillingAddress("Port", "66000", "Perpignan"), "tresorier@club-voile.test",
        VatNumber: "FR44732829320");

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [ChromiumFact]
    public async Task A_credit_note_is_created_with_its_location_printed_to_pdf_and_emailed_under_the_same_file_name_rule_as_invoices()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-c", Roles.OfficeStaff);
        var invoice = await Json(await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest(
            "bookings", "b-1", Business, [new InvoiceLineRequest("Séjour groupe", 1, 45000, VatRate.Intermediate)])), HttpStatusCode.Created);
        var invoiceId = invoice.GetProperty("invoiceId").GetString()!;

        var created = await staff.PostAsJsonAsync($"/api/billing/invoices/{invoiceId}/credit-notes", new { reason = "Séjour annulé", disposition = "refund" });

        var note = await Json(created, HttpStatusCode.Created);
        var documentId = note.GetProperty("documentId").GetString()!;
        created.Headers.Location!.ToString().Should().Be($"/api/billing/credit-notes/{documentId}");
        var fetched = await Json(await staff.GetAsync(created.Headers.Location), HttpStatusCode.OK);
        fetched.GetProperty("number").GetString().Should().Be("AV2026/00001");
        fetched.GetProperty("invoiceNumber").GetString().Should().Be("2026/00001");

        var pdf = await staff.GetAsync($"/api/billing/credit-notes/{documentId}/pdf");
        pdf.StatusCode.Should().Be(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        pdf.Content.Headers.ContentDisposition!.FileName!.Trim('"').Should().Be("avoir-AV2026-00001.pdf");
        (await pdf.Content.ReadAsByteArrayAsync()).Take(5).Should().Equal("%PDF-"u8.ToArray());
        var invoicePdf = await staff.GetAsync($"/api/billing/invoices/{invoiceId}/pdf");
        invoicePdf.Content.Headers.ContentDisposition!.FileName!.Trim('"').Should().Be("facture-2026-00001.pdf", "the number as printed, as in the e-mail");

        var emailed = await Json(await staff.PostAsync($"/api/billing/credit-notes/{documentId}/email", null), HttpStatusCode.OK);
        emailed.GetProperty("outcome").GetString().Should().Be("Sent");
        var again = await Json(await staff.PostAsync($"/api/billing/credit-notes/{documentId}/email", null), HttpStatusCode.OK);
        again.GetProperty("outcome").GetString().Should().Be("AlreadySent");
        (await Json(await staff.PostAsync($"/api/billing/invoices/{invoiceId}/email", null), HttpStatusCode.OK)).GetProperty("outcome").GetString().Should().Be("Sent");
        var messages = await Task.WhenAll(Directory.GetFiles(app.DataFolderPath, "*.eml", SearchOption.AllDirectories).Select(f => File.ReadAllTextAsync(f)));
        messages.Should().HaveCount(2);
        var parsed = messages.Select(m => MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(m)))).ToList();
        parsed.Should().ContainSingle(m => m.Attachments.OfType<MimeKit.MimePart>().Any(a => a.FileName == "avoir-AV2026-00001.pdf" && a.ContentType.MimeType == "application/pdf")
            && m.To.Mailboxes.Any(t => t.Address == "tresorier@club-voile.test"));
        parsed.Should().ContainSingle(m => m.Attachments.OfType<MimeKit.MimePart>().Any(a => a.FileName == "facture-2026-00001.pdf"));
    }

    [Fact]
    public async Task A_business_contact_email_is_stored_encrypted_in_the_document_events_and_read_back_in_clear()
    {
        await using var app = new BillingApp();
        var staff = await app.ClientAsync("port-e", Roles.OfficeStaff);
        var invoice = await Json(await staff.PostAsJsonAsync("/api/billing/invoices", new IssueInvoiceRequest(
            "bookings", "b-1", Business, [new InvoiceLineRequest("Séjour groupe", 1, 45000, VatRate.Intermediate)])), HttpStatusCode.Created);
        var invoiceId = invoice.GetProperty("invoiceId").GetString()!;
        (await staff.PostAsJsonAsync($"/api/billing/invoices/{invoiceId}/credit-notes", new { reason = "Séjour annulé", disposition = "refund" }))
            .EnsureSuccessStatusCode();

        var stored = (await app.Services.GetRequiredService<IEventStore>().ReadAllAsync(0, 10_000))
            .Where(e => e.Type is "billing.invoice-issued" or "billing.credit-note-issued").ToList();

        stored.Should().HaveCount(2);
        stored.Should().OnlyContain(e => !e.Data.Contains("tresorier@club-voile.test"), "a person's e-mail is never stored in clear");
        stored.Should().OnlyContain(e => e.Metadata.SchemaVersion == 2);
        var read = await Json(await staff.GetAsync($"/api/billing/invoices/{invoiceId}"), HttpStatusCode.OK);
        read.GetProperty("businessEmail").GetString().Should().Be("tresorier@club-voile.test");
        read.GetProperty("businessCustomer").GetProperty("name").GetString().Should().Be("Club de voile", "the business's legal identity stays in clear");
    }
}
