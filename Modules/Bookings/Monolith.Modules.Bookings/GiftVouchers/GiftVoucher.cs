using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Bookings.GiftVouchers;

// A gift stay (séjour-cadeau, Zonza "Courts séjours" art. 4): paid in full when bought, valid until the date printed on the voucher;
// after that date it is neither usable nor refundable (there is no refund command). Stream: "bookings-gift-{voucherId}".

internal abstract record GiftVoucherCommand;
internal sealed record SellGiftVoucher(string VoucherId, string BuyerCustomerId, string BuyerName, string Beneficiary, string Stay, long Amount, int VatRateBasisPoints,
    DateOnly SoldOn, DateOnly ValidUntil, DateTimeOffset At) : GiftVoucherCommand;
internal sealed record RedeemGiftVoucher(DateOnly On, string StayReference, DateTimeOffset At) : GiftVoucherCommand;
internal sealed record AttachGiftInvoice(string InvoiceId, string Number, DateTimeOffset At) : GiftVoucherCommand;

internal abstract record GiftVoucherEvent(string VoucherId);
internal sealed record GiftVoucherSold(string VoucherId, string Code, string BuyerCustomerId, string BuyerName, string Beneficiary, string Stay, long Amount,
    int VatRateBasisPoints, DateOnly SoldOn, DateOnly ValidUntil, DateTimeOffset At) : GiftVoucherEvent(VoucherId);
internal sealed record GiftVoucherRedeemed(string VoucherId, DateOnly On, string StayReference, DateTimeOffset At) : GiftVoucherEvent(VoucherId);
internal sealed record GiftVoucherInvoiceAttached(string VoucherId, string InvoiceId, string Number, DateTimeOffset At) : GiftVoucherEvent(VoucherId);

internal sealed record GiftVoucherState(string? VoucherId, string Code, string BuyerName, string Beneficiary, string Stay, long Amount, DateOnly SoldOn,
    DateOnly ValidUntil, DateOnly? RedeemedOn, string? StayReference, string? InvoiceNumber)
{
    public static readonly GiftVoucherState Initial = new(null, string.Empty, string.Empty, string.Empty, string.Empty, 0, default, default, null, null, null);

    public bool Exists => VoucherId is not null;
}

internal static class GiftVoucher
{
    public static string StreamId(string voucherId) => $"bookings-gift-{voucherId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(GiftVoucherSold)] = "bookings.gift-voucher-sold",
        [typeof(GiftVoucherRedeemed)] = "bookings.gift-voucher-redeemed",
        [typeof(GiftVoucherInvoiceAttached)] = "bookings.gift-voucher-invoice-attached",
    };

    public static readonly Decider<GiftVoucherCommand, GiftVoucherEvent, GiftVoucherState> Decider = new(Decide, Evolve, GiftVoucherState.Initial);

    /// <summary>Valid "jusqu'à la date mentionnée": usable on <c>ValidUntil</c>, not the day after.</summary>
    internal static IReadOnlyList<GiftVoucherEvent> Decide(GiftVoucherCommand command, GiftVoucherState s) => (command, s) switch
    {
        (SellGiftVoucher c, { Exists: true }) when c.VoucherId == s.VoucherId => [],
        (SellGiftVoucher c, _) when c.Amount <= 0 => throw new DomainRuleViolation("gift-voucher.amount", "Le montant du séjour-cadeau doit être positif."),
        (SellGiftVoucher c, _) when c.ValidUntil < c.SoldOn => throw new DomainRuleViolation("gift-voucher.validity", "La date de validité précède la date d'achat."),
        (SellGiftVoucher c, _) => [new GiftVoucherSold(c.VoucherId, "KDO-" + c.VoucherId.ToUpperInvariant(), c.BuyerCustomerId, c.BuyerName.Trim(), c.Beneficiary.Trim(),
            c.Stay.Trim(), c.Amount, c.VatRateBasisPoints, c.SoldOn, c.ValidUntil, c.At)],
        (_, { Exists: false }) => throw new NotFoundException("Bon cadeau introuvable."),
        (RedeemGiftVoucher c, { RedeemedOn: not null }) => c.StayReference == s.StayReference ? [] : throw new DomainRuleViolation(
            "gift-voucher.used", $"Le bon cadeau {s.Code} a déjà été utilisé le {s.RedeemedOn:dd/MM/yyyy}.", isConflict: true),
        (RedeemGiftVoucher c, _) when c.On > s.ValidUntil => throw new DomainRuleViolation(
            "gift-voucher.expired", $"Le bon cadeau {s.Code} était valable jusqu'au {s.ValidUntil:dd/MM/yyyy} : il n'est plus utilisable ni remboursable."),
        (RedeemGiftVoucher c, _) => [new GiftVoucherRedeemed(s.VoucherId!, c.On, c.StayReference.Trim(), c.At)],
        (AttachGiftInvoice c, { InvoiceNumber: not null }) => [],
        (AttachGiftInvoice c, _) => [new GiftVoucherInvoiceAttached(s.VoucherId!, c.InvoiceId, c.Number, c.At)],
        _ => throw new DomainRuleViolation("gift-voucher.invalid-step", "Opération impossible sur ce bon cadeau."),
    };

    internal static GiftVoucherState Evolve(GiftVoucherState s, GiftVoucherEvent e) => e switch
    {
        GiftVoucherSold x => new GiftVoucherState(x.VoucherId, x.Code, x.BuyerName, x.Beneficiary, x.Stay, x.Amount, x.SoldOn, x.ValidUntil, null, null, null),
        GiftVoucherRedeemed x => s with { RedeemedOn = x.On, StayReference = x.StayReference },
        GiftVoucherInvoiceAttached x => s with { InvoiceNumber = x.Number },
        _ => s,
    };
}
