using System.Text;
using Monolith.BuildingBlocks.Documents;
using Monolith.Modules.Billing.EInvoicing;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Billing.Pdf;
using Monolith.Modules.Compliance.Contracts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Ledger;

/// <summary>Billing's files in an office's archive: every invoice and credit note issued in the period as PDF (a business customer's
/// with its Factur-X XML embedded, and that XML alongside as <c>.xml</c>; the HTML when chromium is not installed), as issued (no
/// balance), and the FEC of the period named <c>{SIREN}FEC{AAAAMMJJ}.txt</c> (LPF A47 A-1, the period's last day).</summary>
internal sealed class BillingArchivePart(BillingLog log, FecExport fec, IDocumentRenderer renderer, ChromiumPdfPrinter pdf, IOfficeDirectory offices) : IArchivePart
{
    public string Name => "billing";

    public async Task<IReadOnlyList<ArchiveFile>> FilesAsync(string officeId, ArchivePeriod period, CancellationToken ct = default)
    {
        var files = new List<ArchiveFile>();
        await foreach (var (_, @event) in log.EventsAsync(officeId, ct))
        {
            switch (@event)
            {
                case InvoiceIssued i when period.Contains(i.IssueDate):
                    var invoiceHtml = await renderer.RenderOfficeDocumentAsync(officeId, "billing.invoice", DocumentModels.Invoice(i, null), ct);
                    files.Add(await DocumentAsync($"billing/invoices/{Safe(i.Number)}", $"Invoice {i.Number}", invoiceHtml, printed => BusinessPdf.ForInvoice(i, printed), ct));
                    if (CrossIndustryInvoice.Applies(i.Customer))
                    {
                        files.Add(new ArchiveFile(
                            $"billing/invoices/{Safe(i.Number)}.factur-x.xml", CrossIndustryInvoice.Build(EInvoiceContent.Of(i)), "text/xml",
                            $"Invoice {i.Number}: its Factur-X EN 16931 CII XML (the one embedded in the PDF)."));
                    }

                    break;
                case CreditNoteIssued c when period.Contains(c.IssueDate):
                    var noteHtml = await renderer.RenderOfficeDocumentAsync(officeId, "billing.credit-note", DocumentModels.CreditNote(c), ct);
                    files.Add(await DocumentAsync($"billing/credit-notes/{Safe(c.Number)}", $"Credit note {c.Number}", noteHtml, printed => BusinessPdf.ForCreditNote(c, printed), ct));
                    if (CrossIndustryInvoice.Applies(c.Customer))
                    {
                        files.Add(new ArchiveFile(
                            $"billing/credit-notes/{Safe(c.Number)}.factur-x.xml", CrossIndustryInvoice.Build(EInvoiceContent.Of(c)), "text/xml",
                            $"Credit note {c.Number}: its Factur-X EN 16931 CII XML (the one embedded in the PDF)."));
                    }

                    break;
            }
        }

        var siren = (await offices.GetOfficeAsync(officeId, ct))?.Legal?.Siren ?? "000000000";
        files.Add(new ArchiveFile(
            $"billing/{siren}FEC{period.To:yyyyMMdd}.txt", Encoding.UTF8.GetBytes(await fec.ExportAsync(officeId, period.From, period.To, ct)),
            "text/tab-separated-values; charset=utf-8", "FEC (LPF A47 A-1) of the period: 18 tab-separated columns, dates AAAAMMJJ, decimal comma."));
        return files;
    }

    private async Task<ArchiveFile> DocumentAsync(string path, string what, string html, Func<byte[], byte[]> finish, CancellationToken ct) =>
        pdf.IsAvailable
            ? new ArchiveFile($"{path}.pdf", finish(await pdf.PrintAsync(html, ct)), "application/pdf", $"{what} as issued (PDF).")
            : new ArchiveFile($"{path}.html", Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", $"{what} as issued (HTML: PDF printing was not installed).");

    private static string Safe(string number) => new([.. number.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
}
