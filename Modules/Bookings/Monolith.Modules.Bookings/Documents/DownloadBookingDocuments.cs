using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Bookings.Credits;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.Documents;

/// <summary>Staff download the documents Bookings e-mails as attachments: a credit note (avoir) and a booking's exchange vouchers, as PDF
/// (<c>?format=html</c>: the page; the page too when the server cannot print). Rendered from the streams (tenant-checked: another
/// office's document is "not found"), with the same model as the e-mail, the office's logo in the header. 404 in French.</summary>
internal static class DownloadBookingDocuments
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/bookings/credit-notes").WithTags("Bookings — group bookings")
            .MapGet("/{creditNoteId}/document", CreditNoteAsync).RequireAuthorization("office-read").WithName("GetBookingCreditNoteDocument")
            .WithSummary("The credit note (avoir) as PDF (the HTML page with ?format=html, or when the server cannot print).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        GroupBookingRoutes.Staff(app).MapGet("/{bookingId}/exchange-vouchers/{number:int}/document", ExchangeVoucherAsync).RequireAuthorization("office-read")
            .WithName("GetExchangeVoucherDocument")
            .WithSummary("Exchange voucher n° {number} (one per provider, numbered from 1 as e-mailed once the balance is paid) as PDF (?format=html: the page).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    internal static async Task<Results<FileContentHttpResult, ContentHttpResult>> CreditNoteAsync(string creditNoteId, string? format, ICallerContext caller,
        CommandHandler handler, GroupBookingStore bookings, IOfficeDirectory offices, BookingDocuments documents, CancellationToken ct)
    {
        CreditNoteState credit;
        try
        {
            credit = (await handler.LoadAsync(CreditNote.Decider, CreditNote.StreamId(creditNoteId.Trim()), caller.TenantId, mustExist: false, ct)).State;
        }
        catch (NotFoundException)
        {
            credit = CreditNoteState.Initial; // another office's credit note: not found here
        }

        if (credit.Issued is not { } issued)
        {
            throw new NotFoundException("Avoir introuvable : vérifiez son identifiant.");
        }

        var booking = (await bookings.LoadAsync(caller.TenantId, issued.SourceBookingId, ct)).State;
        var office = await offices.GetOfficeAsync(caller.TenantId, ct);
        var document = await documents.RenderAsync(caller.TenantId, "bookings.credit-note", BookingDocumentModels.Model(booking, office, BookingDocumentModels.CreditNote(issued)),
            BookingDocumentModels.CreditNoteFileStem(issued.Reference), ct, Html(format));
        return Answer(document);
    }

    internal static async Task<Results<FileContentHttpResult, ContentHttpResult>> ExchangeVoucherAsync(string bookingId, int number, string? format, ICallerContext caller,
        GroupBookingStore bookings, IOfficeDirectory offices, BookingDocuments documents, CancellationToken ct)
    {
        var s = (await bookings.LoadAsync(caller.TenantId, bookingId, ct)).State;
        if (!s.BalanceReceived)
        {
            throw new DomainRuleViolation("exchange-vouchers.not-issued",
                $"Les bons d'échange du dossier {s.Reference} sont remis une fois le solde réglé.", isConflict: true);
        }

        var office = await offices.GetOfficeAsync(caller.TenantId, ct);
        var vouchers = BookingDocumentModels.ExchangeVouchers(s, office);
        var voucher = vouchers.FirstOrDefault(v => v.Index == number)
            ?? throw new NotFoundException($"Bon d'échange n° {number} introuvable : le dossier {s.Reference} en compte {vouchers.Count} (un par prestataire).");
        var document = await documents.RenderAsync(caller.TenantId, "bookings.exchange-voucher", BookingDocumentModels.Model(s, office, voucher.Extra), voucher.FileStem, ct,
            Html(format));
        return Answer(document);
    }

    private static bool Html(string? format) => string.Equals(format, "html", StringComparison.OrdinalIgnoreCase);

    private static Results<FileContentHttpResult, ContentHttpResult> Answer(BookingDocuments.Rendered document) => document.IsPdf
        ? TypedResults.File(document.Content, document.ContentType, document.FileName)
        : TypedResults.Content(document.Html, "text/html; charset=utf-8");
}
