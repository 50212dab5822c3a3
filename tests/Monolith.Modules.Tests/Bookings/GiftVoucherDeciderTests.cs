using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Bookings.GiftVouchers;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Bookings;

public class GiftVoucherDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly ValidUntil = new(2027, 5, 3);

    private static readonly GiftVoucherSold Sold = new("g1", "KDO-G1", "cust-1", "Zoé Dupont", "Léo", "Deux nuits en gîte", 32_000, 1000, new DateOnly(2026, 5, 4), ValidUntil, At);

    [Fact]
    public void Usable_on_its_last_valid_day() =>
        DeciderSpec.For(GiftVoucher.Decider).Given(Sold).When(new RedeemGiftVoucher(ValidUntil, "SEJ-1", At)).Then(new GiftVoucherRedeemed("g1", ValidUntil, "SEJ-1", At));

    [Fact]
    public void Neither_usable_nor_refundable_the_day_after() =>
        DeciderSpec.For(GiftVoucher.Decider).Given(Sold).When(new RedeemGiftVoucher(ValidUntil.AddDays(1), "SEJ-1", At)).ThenThrows<DomainRuleViolation>("gift-voucher.expired");

    [Fact]
    public void Used_once() =>
        DeciderSpec.For(GiftVoucher.Decider).Given(Sold, new GiftVoucherRedeemed("g1", ValidUntil, "SEJ-1", At))
            .When(new RedeemGiftVoucher(ValidUntil, "SEJ-2", At)).ThenThrows<DomainRuleViolation>("gift-voucher.used");
}
