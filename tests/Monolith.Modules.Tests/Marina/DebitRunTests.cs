using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Marina.DirectDebits;
using Monolith.Modules.Marina.DirectDebits.Running;
using Monolith.Modules.Marina.Mandates;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Marina;

public class DebitRunTests
{
    private const string Office = "port-ste-marie";
    private static readonly DateOnly Collection = new(2026, 3, 16);
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 7, 0, 0, TimeSpan.Zero);
    private static readonly Debit D1 = new("d-1", "h-1", "inv-1", "2026/00001", 85000, "m-1", "RUM2026-AAAA");
    private static readonly Debit D2 = new("d-2", "h-2", "inv-2", "2026/00002", 17800, "m-2", "RUM2026-BBBB");

    private static DeciderSpec<DebitCommand, DebitEvent, DebitRunState> Spec() => DeciderSpec.For(DebitRun.For(Office, Collection));

    [Fact]
    public void A_debit_is_scheduled_14_calendar_days_ahead() =>
        Spec().When(new ScheduleDebit(D1, new DateOnly(2026, 3, 2), 14, T0)).Then(new DebitScheduled(Collection, D1, T0));

    [Fact]
    public void A_debit_with_less_than_14_days_notice_is_refused() =>
        Spec().When(new ScheduleDebit(D1, new DateOnly(2026, 3, 3), 14, T0)).ThenThrows<DomainRuleViolation>("debit.notice-too-short");

    [Fact]
    public void Sealing_records_the_sequence_type_of_each_debit_and_the_control_sum() =>
        Spec().Given(new DebitScheduled(Collection, D1, T0), new DebitScheduled(Collection, D2, T0))
            .When(new SealRun("f-1", "SDD-1", [new SealedDebit("d-1", SequenceType.FRST), new SealedDebit("d-2", SequenceType.RCUR)], T0))
            .Then(new DebitRunSealed(Collection, "f-1", "SDD-1", [new SealedDebit("d-1", SequenceType.FRST), new SealedDebit("d-2", SequenceType.RCUR)], 102800, T0));

    [Fact]
    public void Nothing_is_added_to_a_sealed_run() =>
        Spec().Given(new DebitScheduled(Collection, D1, T0), new DebitRunSealed(Collection, "f-1", "SDD-1", [new SealedDebit("d-1", SequenceType.FRST)], 85000, T0))
            .When(new ScheduleDebit(D2, new DateOnly(2026, 3, 1), 14, T0)).ThenThrows<DomainRuleViolation>("debit.run-sealed");

    [Fact]
    public void Debits_settle_on_the_collection_date_not_before()
    {
        var spec = Spec().Given(new DebitScheduled(Collection, D1, T0), new DebitRunSealed(Collection, "f-1", "SDD-1", [new SealedDebit("d-1", SequenceType.FRST)], 85000, T0));

        spec.When(new SettleDebits(Collection.AddDays(-1), T0)).Then();
        spec.When(new SettleDebits(Collection, T0)).Then(new DebitSettled(Collection, "d-1", Collection, T0));
    }

    [Fact]
    public void A_return_after_settlement_says_it_was_settled() =>
        Spec().Given(
                new DebitScheduled(Collection, D1, T0),
                new DebitRunSealed(Collection, "f-1", "SDD-1", [new SealedDebit("d-1", SequenceType.FRST)], 85000, T0),
                new DebitSettled(Collection, "d-1", Collection, T0))
            .When(new RejectDebit("d-1", "AM04", "Provision insuffisante", "pain.002", T0))
            .Then(new DebitRejected(Office, "d-1", "h-1", "inv-1", "2026/00001", "RUM2026-AAAA", 85000, Collection, "AM04", "Provision insuffisante", true, "pain.002", T0));

    [Fact]
    public void A_debit_not_yet_sent_cannot_be_rejected() =>
        Spec().Given(new DebitScheduled(Collection, D1, T0)).When(new RejectDebit("d-1", "AM04", "x", "manual", T0))
            .ThenThrows<DomainRuleViolation>("debit.not-sent");

    [Theory]
    [InlineData(2026, 4, 3, false)] // Good Friday
    [InlineData(2026, 4, 6, false)] // Easter Monday
    [InlineData(2026, 5, 1, false)]
    [InlineData(2026, 12, 26, false)]
    [InlineData(2026, 3, 14, false)] // Saturday
    [InlineData(2026, 3, 16, true)]
    [InlineData(2026, 5, 8, true)] // a French bank holiday, but a TARGET2 business day
    public void Collections_fall_on_target2_business_days(int y, int m, int d, bool open) =>
        TargetCalendar.IsBusinessDay(new DateOnly(y, m, d)).Should().Be(open);
}
