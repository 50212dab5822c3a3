using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Bookings.Terms.Rules;

namespace Monolith.Modules.Bookings.GroupBookings;

/// <summary>Loads and commands a group booking through the generic handler (tenant-checked, optimistic concurrency).</summary>
internal sealed class GroupBookingStore(CommandHandler handler)
{
    public Task<StreamState<GroupBookingState>> LoadAsync(string tenantId, string bookingId, CancellationToken ct) =>
        handler.LoadAsync(GroupBooking.Decider, GroupBooking.StreamId(bookingId), tenantId, mustExist: true, ct);

    public Task<CommandResult<GroupBookingEvent, GroupBookingState>> HandleAsync(string bookingId, GroupBookingCommand command, CommandContext context, CancellationToken ct) =>
        handler.HandleAsync(GroupBooking.Decider, GroupBooking.StreamId(bookingId), command, context,
            command is IssueQuote ? CommandOptions.Default : CommandOptions.ExistingStream, ct);
}

internal sealed record PricedLineView(string Label, DateOnly? Date, int Quantity, long UnitPriceTtc, VatRate VatRate, long Total, string? Provider, bool ThirdPartyFunds);

/// <summary>A cancellation as staff see it. <c>StillOwed</c>: what the customer owes beyond what was paid (invoiced or not);
/// <c>BillingCredits</c>: billing's credit notes taking back what is not kept; <c>FeeInvoiced</c> / <c>FeeInvoiceNumber</c> /
/// <c>FeeInvoiceLines</c>: the fee kept beyond what the invoices carried, invoiced by billing as "frais d'annulation" (the number once
/// billing issued it).</summary>
internal sealed record CancellationView(string By, DateOnly On, string Rule, int DaysBefore, int Percent, long Fee, long RetainedFileFees, long Refund, long StillOwed,
    long CreditNote, string? CreditNoteId, DateOnly? CreditNoteExpiresOn, bool ExceptionalCircumstances, string? Reason, long Performed,
    IReadOnlyList<InvoiceCreditView> BillingCredits, long FeeInvoiced, string? FeeInvoiceNumber, IReadOnlyList<PricedLineView> FeeInvoiceLines);

/// <summary>Part of an invoice credited through billing after a cancellation that keeps a fee or the services performed.</summary>
internal sealed record InvoiceCreditView(string InvoiceNumber, long Total, IReadOnlyList<PricedLineView> Lines)
{
    internal static IReadOnlyList<PricedLineView> LinesOf(IReadOnlyList<PricedLine>? lines) =>
        [.. (lines ?? []).Select(l => new PricedLineView(l.Label, l.Date, l.Quantity, l.UnitPriceTtc, VatRate.Of(l.VatRateBasisPoints), l.Total, l.ProviderName, l.ThirdPartyFunds))];

    internal static IReadOnlyList<InvoiceCreditView> From(IReadOnlyList<Cancelling.InvoiceCredit>? credits) =>
        [.. (credits ?? []).Select(c => new InvoiceCreditView(c.InvoiceNumber, c.Total,
            [.. c.Lines.Select(l => new PricedLineView(l.Label, l.Date, l.Quantity, l.UnitPriceTtc, VatRate.Of(l.VatRateBasisPoints), l.Total, l.ProviderName, l.ThirdPartyFunds))]))];
}

internal sealed record ClaimView(int Number, DateOnly ReceivedOn, DateOnly? DisputedServiceDate, string Description, DateOnly Deadline);

/// <summary>A group booking as staff and the customer see it. <c>Status</c>: quoted, signed (awaiting the deposit), confirmed,
/// invoiced (balance due), settled, cancelled.</summary>
internal sealed record GroupBookingView(
    string BookingId,
    string Reference,
    string Status,
    string CustomerId,
    string CustomerName,
    string Title,
    DateOnly Start,
    DateOnly End,
    bool WithLodging,
    int Adults,
    int Children,
    bool School,
    int FreePlaces,
    IReadOnlyList<PricedLineView> Lines,
    long ServicesTotal,
    long FileFees,
    long Total,
    DateOnly QuotedOn,
    DateOnly ValidUntil,
    int TermsVersion,
    string TermsPreset,
    string? SubscriberNumber,
    DateOnly? SignedOn,
    long Deposit,
    DateOnly? DepositDueOn,
    string? DepositInvoiceNumber,
    bool DepositReceived,
    long CreditApplied,
    DateOnly? IntermediateCountDeadline,
    DateOnly FinalCountDeadline,
    int? FinalAdults,
    int? FinalChildren,
    string? FinalInvoiceNumber,
    long FinalInvoiceTotal,
    bool BalanceReceived,
    bool VouchersSent,
    DateOnly TransferDeadline,
    DateOnly OfficeCancellationDeadline,
    bool FreeCancellationAfterPriceRevision,
    string? PendingAmendment,
    CancellationView? Cancellation,
    IReadOnlyList<ClaimView> Claims,
    long Revision) : IHasCurrency
{
    public string Currency => Currencies.Euro;

    internal static GroupBookingView From(GroupBookingState s, long revision)
    {
        var price = s.Price;
        var deadlines = s.Deadlines;
        return new GroupBookingView(
            s.BookingId!, s.Reference, s.Status.ToString().ToLowerInvariant(), s.Customer!.CustomerId, s.Customer.Name, s.Title, s.Start, s.End, s.WithLodging,
            s.Party.Adults, s.Party.Children, s.Party.School, price.FreePlaces,
            [.. price.Lines.Select(l => new PricedLineView(l.Label, l.Date, l.Quantity, l.UnitPriceTtc, VatRate.Of(l.VatRateBasisPoints), l.Total, l.ProviderName, l.ThirdPartyFunds))],
            price.ServicesTotal, price.FileFees, price.Total, s.QuotedOn, s.ValidUntil, s.Terms!.Version, s.Terms.Preset, s.SubscriberNumber, s.SignedOn, s.Deposit,
            s.DepositDueOn, s.DepositInvoiceNumber, s.DepositReceived, s.CreditApplied, deadlines.Intermediate, deadlines.Final, s.FinalCount?.Adults,
            s.FinalCount?.Children, s.FinalInvoiceNumber, s.FinalInvoiceTotal, s.BalanceReceived, s.VouchersSent, Deadlines.TransferDeadline(s.Terms, s.Start),
            Deadlines.OfficeCancellationDeadline(s.Terms, s.Start, s.End), s.FreeCancellationAfterRevision, s.Amendment?.Description, CancellationOf(s),
            [.. s.Claims.Select(c => new ClaimView(c.Number, c.ReceivedOn, c.DisputedServiceDate, c.Description, c.Deadline))], revision);
    }

    private static CancellationView? CancellationOf(GroupBookingState s)
    {
        if (s.CustomerCancellation is { } c)
        {
            var g = c.Charge;
            return new CancellationView("customer", c.ReceivedOn, g.Rule, g.DaysBefore, g.Percent, g.Fee, g.RetainedFileFees, g.Refund, g.StillOwed, g.CreditNote,
                c.CreditNoteId, g.CreditNoteExpiresOn, c.ExceptionalCircumstances, c.Reason, 0, InvoiceCreditView.From(c.Corrections), c.FeeInvoiced,
                s.CancellationFeeInvoiceNumber, InvoiceCreditView.LinesOf(c.FeeInvoiceLines));
        }

        if (s.OfficeCancellation is { } o)
        {
            return new CancellationView("office", o.NotifiedOn, o.Reason.ToString(), s.Start.DayNumber - o.NotifiedOn.DayNumber, 0, 0, 0, o.Refund, 0, 0, null, null, false,
                o.Explanation, o.Performed, InvoiceCreditView.From(o.Corrections), 0, null, []);
        }

        return null;
    }
}
