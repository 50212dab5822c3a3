using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.EInvoicing;

/// <summary>The last step of every printed invoice or credit note: to a business customer, the printed PDF becomes a Factur-X EN 16931
/// e-invoice (its CII XML embedded); to a consumer it stays the plain PDF. Call it on the bytes chromium printed, whatever the layout.</summary>
internal static class BusinessPdf
{
    public static byte[] ForInvoice(InvoiceIssued invoice, byte[] printed) =>
        CrossIndustryInvoice.Applies(invoice.Customer)
            ? FacturXPdf.Embed(printed, CrossIndustryInvoice.Build(EInvoiceContent.Of(invoice)), $"Facture {invoice.Number}", invoice.IssuedAt)
            : printed;

    public static byte[] ForCreditNote(CreditNoteIssued note, byte[] printed) =>
        CrossIndustryInvoice.Applies(note.Customer)
            ? FacturXPdf.Embed(printed, CrossIndustryInvoice.Build(EInvoiceContent.Of(note)), $"Avoir {note.Number}", note.IssuedAt)
            : printed;
}
