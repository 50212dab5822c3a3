using System.Globalization;
using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Bookings.Credits;

// A credit note (avoir) the office owes a customer (Pays Fertois: the deposit of a booking cancelled more than a month before),
// usable on a later booking until it expires (12 months from the deposit's payment). Stream: "bookings-credit-note-{creditNoteId}".

internal abstract record CreditNoteCommand;
internal sealed record IssueCreditNote(
    string CreditNoteId, string CustomerId, string CustomerName, string Email, string SourceBookingId, string SourceReference, long Amount, DateOnly PaidOn,
    DateOnly ExpiresOn, DateOnly IssuedOn, DateTimeOffset At) : CreditNoteCommand;
internal sealed record UseCreditNote(string BookingId, long Amount, DateOnly On, DateTimeOffset At) : CreditNoteCommand;
internal sealed record ExpireCreditNote(DateOnly On, DateTimeOffset At) : CreditNoteCommand;

internal abstract record CreditNoteEvent(string CreditNoteId);
internal sealed record CreditNoteIssued(
    string CreditNoteId, string Reference, string CustomerId, string CustomerName, string Email, string SourceBookingId, string SourceReference, long Amount,
    DateOnly PaidOn, DateOnly ExpiresOn, DateOnly IssuedOn, DateTimeOffset At) : CreditNoteEvent(CreditNoteId);
internal sealed record CreditNoteUsed(string CreditNoteId, string BookingId, long Amount, long Remaining, DateOnly On, DateTimeOffset At) : CreditNoteEvent(CreditNoteId);
internal sealed record CreditNoteExpired(string CreditNoteId, long Amount, DateOnly On, DateTimeOffset At) : CreditNoteEvent(CreditNoteId);

internal sealed record CreditNoteState(string? CreditNoteId, string Reference, string CustomerId, long Amount, long Remaining, DateOnly ExpiresOn, bool Expired,
    IReadOnlyDictionary<string, long> UsedBy, CreditNoteIssued? Issued = null)
{
    public static readonly CreditNoteState Initial = new(null, string.Empty, string.Empty, 0, 0, default, false, new Dictionary<string, long>());

    public bool Exists => CreditNoteId is not null;
}

internal static class CreditNote
{
    public static string StreamId(string creditNoteId) => $"bookings-credit-note-{creditNoteId}";

    public static string ReferenceFor(string creditNoteId) => "AV-" + creditNoteId.ToUpperInvariant();

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(CreditNoteIssued)] = "bookings.credit-note-issued",
        [typeof(CreditNoteUsed)] = "bookings.credit-note-used",
        [typeof(CreditNoteExpired)] = "bookings.credit-note-expired",
    };

    public static readonly Decider<CreditNoteCommand, CreditNoteEvent, CreditNoteState> Decider = new(Decide, Evolve, CreditNoteState.Initial);

    private static string D(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>"Valid 12 months from the payment": usable up to the day before <c>ExpiresOn</c>; on <c>ExpiresOn</c> it has expired.</summary>
    internal static IReadOnlyList<CreditNoteEvent> Decide(CreditNoteCommand command, CreditNoteState s) => (command, s) switch
    {
        (IssueCreditNote, { Exists: true }) => [],
        (IssueCreditNote c, _) when c.Amount <= 0 => throw new DomainRuleViolation("credit-note.amount", "Un avoir porte sur un montant positif."),
        (IssueCreditNote c, _) => [new CreditNoteIssued(c.CreditNoteId, ReferenceFor(c.CreditNoteId), c.CustomerId, c.CustomerName, c.Email, c.SourceBookingId,
            c.SourceReference, c.Amount, c.PaidOn, c.ExpiresOn, c.IssuedOn, c.At)],
        (_, { Exists: false }) => throw new NotFoundException("Avoir introuvable."),
        (UseCreditNote c, _) when s.UsedBy.ContainsKey(c.BookingId) => [],
        (UseCreditNote c, _) when s.Expired || c.On >= s.ExpiresOn => throw new DomainRuleViolation(
            "credit-note.expired", $"L'avoir {s.Reference} n'est plus utilisable depuis le {D(s.ExpiresOn)} (validité de 12 mois à compter du paiement)."),
        (UseCreditNote c, _) when c.Amount <= 0 || c.Amount > s.Remaining => throw new DomainRuleViolation(
            "credit-note.insufficient", $"Il reste {s.Remaining / 100m:0.00} € sur l'avoir {s.Reference}."),
        (UseCreditNote c, _) => [new CreditNoteUsed(s.CreditNoteId!, c.BookingId, c.Amount, s.Remaining - c.Amount, c.On, c.At)],
        (ExpireCreditNote c, _) => !s.Expired && s.Remaining > 0 && c.On >= s.ExpiresOn ? [new CreditNoteExpired(s.CreditNoteId!, s.Remaining, c.On, c.At)] : [],
        _ => throw new DomainRuleViolation("credit-note.invalid-step", "Opération impossible sur cet avoir."),
    };

    internal static CreditNoteState Evolve(CreditNoteState s, CreditNoteEvent e) => e switch
    {
        CreditNoteIssued x => new CreditNoteState(x.CreditNoteId, x.Reference, x.CustomerId, x.Amount, x.Amount, x.ExpiresOn, false, new Dictionary<string, long>(), x),
        CreditNoteUsed x => s with { Remaining = x.Remaining, UsedBy = new Dictionary<string, long>(s.UsedBy) { [x.BookingId] = x.Amount } },
        CreditNoteExpired => s with { Expired = true, Remaining = 0 },
        _ => s,
    };
}
