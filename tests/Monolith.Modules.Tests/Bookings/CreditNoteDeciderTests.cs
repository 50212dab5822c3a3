using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Bookings.Credits;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Bookings;

public class CreditNoteDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly PaidOn = new(2026, 3, 10);
    private static readonly DateOnly ExpiresOn = new(2027, 3, 10);

    private static readonly CreditNoteIssued Issued = new("c1", "AV-C1", "cust-1", "Collège", "college@test", "b1", "DEV-B1", 30000, PaidOn, ExpiresOn,
        new DateOnly(2026, 5, 4), At);

    [Fact]
    public void Created_from_a_cancelled_booking()
    {
        DeciderSpec.For(CreditNote.Decider)
            .When(new IssueCreditNote("c1", "cust-1", "Collège", "college@test", "b1", "DEV-B1", 30000, PaidOn, ExpiresOn, new DateOnly(2026, 5, 4), At))
            .Then(Issued);
    }

    [Fact]
    public void Used_on_a_later_booking_the_day_before_it_expires() =>
        DeciderSpec.For(CreditNote.Decider).Given(Issued).When(new UseCreditNote("b2", 20000, ExpiresOn.AddDays(-1), At))
            .Then(new CreditNoteUsed("c1", "b2", 20000, 10000, ExpiresOn.AddDays(-1), At));

    [Fact]
    public void Not_usable_on_its_expiry_date() =>
        DeciderSpec.For(CreditNote.Decider).Given(Issued).When(new UseCreditNote("b2", 20000, ExpiresOn, At)).ThenThrows<DomainRuleViolation>("credit-note.expired");

    [Fact]
    public void Not_usable_beyond_what_remains() =>
        DeciderSpec.For(CreditNote.Decider).Given(Issued, new CreditNoteUsed("c1", "b2", 20000, 10000, PaidOn, At))
            .When(new UseCreditNote("b3", 10001, PaidOn, At)).ThenThrows<DomainRuleViolation>("credit-note.insufficient");

    [Fact]
    public void Still_valid_the_day_before_its_date() =>
        DeciderSpec.For(CreditNote.Decider).Given(Issued).When(new ExpireCreditNote(ExpiresOn.AddDays(-1), At)).Then();

    [Fact]
    public void Expires_with_what_remains_on_its_date() =>
        DeciderSpec.For(CreditNote.Decider).Given(Issued).When(new ExpireCreditNote(ExpiresOn, At)).Then(new CreditNoteExpired("c1", 30000, ExpiresOn, At));

    [Fact]
    public void Expires_only_once() =>
        DeciderSpec.For(CreditNote.Decider).Given(Issued, new CreditNoteExpired("c1", 30000, ExpiresOn, At)).When(new ExpireCreditNote(ExpiresOn.AddDays(1), At)).Then();

    [Fact]
    public void A_repeated_use_for_the_same_booking_changes_nothing() =>
        DeciderSpec.For(CreditNote.Decider).Given(Issued, new CreditNoteUsed("c1", "b2", 20000, 10000, PaidOn, At))
            .When(new UseCreditNote("b2", 20000, PaidOn, At)).Then();
}
