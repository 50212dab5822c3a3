using System.Text;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Email;

namespace Monolith.Modules.Bookings.Documents;

/// <summary>The documents Bookings renders from its own templates (credit note, exchange voucher, amendment, gift voucher): the French
/// HTML page (<see cref="IDocumentRenderer"/>) printed to PDF by the platform's printer (billing's headless chromium,
/// <see cref="IPdfPrinter"/>). When the server cannot print, the HTML page is the document (same content, <c>.html</c>). The shared A4
/// layout prints the issuing office's logo (Offices' <c>/api/office/logo</c>) in the header, as on billing's documents.</summary>
internal sealed class BookingDocuments(IDocumentRenderer renderer, IPdfPrinter? printer)
{
    public sealed record Rendered(string FileName, string ContentType, byte[] Content, string Html)
    {
        public bool IsPdf => ContentType == "application/pdf";

        public EmailAttachment Attachment() => new(FileName, ContentType, Content);
    }

    public bool CanPrint => printer is { IsAvailable: true };

    /// <summary>Renders <paramref name="template"/> (<c>bookings.…</c>) with <paramref name="model"/> as a document the office
    /// <paramref name="officeId"/> issues (its logo in the header); <paramref name="fileStem"/> names the file without its extension
    /// (e.g. <c>avoir-AV-…</c>).</summary>
    public async Task<Rendered> RenderAsync(string officeId, string template, object model, string fileStem, CancellationToken ct, bool html = false)
    {
        var page = await renderer.RenderOfficeDocumentAsync(officeId, template, model, ct);
        return !html && printer is { IsAvailable: true }
            ? new Rendered(fileStem + ".pdf", "application/pdf", await printer.PrintAsync(page, ct), page)
            : new Rendered(fileStem + ".html", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(page), page);
    }
}
