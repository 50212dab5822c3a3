using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Ticketing.Admissions;
using Monolith.Modules.Ticketing.Buyers;
using Monolith.Modules.Ticketing.Numbering;
using Monolith.Modules.Ticketing.Shows;
using Monolith.Testing;
using static Monolith.Modules.Tests.Ticketing.TicketingFixtures;

namespace Monolith.Modules.Tests.Ticketing;

public sealed class BuyerLedgerTests
{
    [Fact]
    public void Orders_of_one_person_add_up_to_the_limit_exactly() =>
        DeciderSpec.For(BuyerLedger.Decider).Given(new SeatsCounted("o1", "s1", 10, Now))
            .When(new CountSeats("o2", "s2", 5, 15, Now))
            .Then(new SeatsCounted("o2", "s2", 5, Now));

    [Fact]
    public void An_order_one_seat_above_the_cumulative_limit_is_refused() =>
        DeciderSpec.For(BuyerLedger.Decider).Given(new SeatsCounted("o1", "s1", 10, Now))
            .When(new CountSeats("o2", "s1", 6, 15, Now))
            .ThenThrows<DomainRuleViolation>("limit.per-person").Message.Should().Contain("encore en commander 5");

    [Fact]
    public void The_same_order_counted_again_changes_nothing() =>
        DeciderSpec.For(BuyerLedger.Decider).Given(new SeatsCounted("o1", "s1", 15, Now))
            .When(new CountSeats("o1", "s1", 15, 15, Now))
            .Then();

    [Fact]
    public void An_uncounted_order_frees_its_seats() =>
        DeciderSpec.For(BuyerLedger.Decider).Given(new SeatsCounted("o1", "s1", 15, Now), new SeatsUncounted("o1", Now))
            .When(new CountSeats("o2", "s1", 15, 15, Now))
            .Then(new SeatsCounted("o2", "s1", 15, Now));

    [Theory]
    [InlineData("Alice.Martin+concert@Gmail.com ", "alicemartin@gmail.com")]
    [InlineData("ALICE@ot-zonza.fr", "alice@ot-zonza.fr")]
    [InlineData("alice+2@ot-zonza.fr", "alice@ot-zonza.fr")]
    public void E_mail_addresses_are_normalised_so_a_variant_is_the_same_person(string email, string normalised) =>
        BuyerKeys.NormaliseEmail(email).Should().Be(normalised);

    [Fact]
    public void Two_spellings_of_one_address_give_the_same_identity_key() =>
        BuyerKeys.For("ot", null, "a.b+x@gmail.com", null).Should().Equal(BuyerKeys.For("ot", null, "AB@googlemail.com", null));
}

public sealed class ShowDeciderTests
{
    private static CreateShow Create(ShowKind kind, params Rate[] rates) =>
        new("concert", "Concert", kind, new Organiser("Festival", true), rates.Length == 0 ? [Full] : rates, 150, 15, 20, false, false, Now);

    private static readonly Rate Full = new("plein", "Plein tarif", RateKind.Full, new Dictionary<string, long> { ["libre"] = 2500 });

    [Theory]
    [InlineData("LiveShow", 550)]
    [InlineData("SiteAdmission", 1000)]
    [InlineData("LeisureActivity", 2000)]
    [InlineData("OtherService", 2000)]
    public void The_VAT_rate_follows_the_kind_of_show(string kind, int basisPoints) =>
        ((ShowCreated)Show.Decide(Create(Enum.Parse<ShowKind>(kind)), ShowState.Initial)[0]).VatBasisPoints.Should().Be(basisPoints);

    [Fact]
    public void A_group_rate_needs_a_minimum_of_seats() =>
        DeciderSpec.For(Show.Decider).When(Create(ShowKind.LiveShow, new Rate("groupe", "Groupe", RateKind.Group, new Dictionary<string, long> { ["libre"] = 2000 })))
            .ThenThrows<DomainRuleViolation>("rate.group-minimum");

    [Fact]
    public void A_reduced_rate_says_which_proof_is_checked_at_the_entrance() =>
        DeciderSpec.For(Show.Decider).When(Create(ShowKind.LiveShow, new Rate("reduit", "Réduit", RateKind.Reduced, new Dictionary<string, long> { ["libre"] = 1800 })))
            .ThenThrows<DomainRuleViolation>("rate.proof");

    [Fact]
    public void A_free_rate_has_no_price() =>
        DeciderSpec.For(Show.Decider).When(Create(ShowKind.LiveShow, new Rate("gratuit", "Gratuit", RateKind.Free, new Dictionary<string, long> { ["libre"] = 100 })))
            .ThenThrows<DomainRuleViolation>("rate.free");
}

public sealed class TicketSeriesTests
{
    [Fact]
    public void Numbers_continue_the_series_of_the_price_category() =>
        DeciderSpec.For(TicketSeries.Decider).Given(new NumbersAssigned("o1", 1, 3, Now))
            .When(new AssignNumbers("o2", 2, Now))
            .Then(new NumbersAssigned("o2", 4, 2, Now));

    [Fact]
    public void An_order_asking_again_keeps_its_numbers() =>
        DeciderSpec.For(TicketSeries.Decider).Given(new NumbersAssigned("o1", 1, 3, Now))
            .When(new AssignNumbers("o1", 3, Now))
            .Then();
}

public sealed class AdmissionTests
{
    private static readonly DateTimeOffset Door = ShowTime.AddMinutes(-30);

    [Fact]
    public void The_first_scan_admits() =>
        DeciderSpec.For(Admission.Decider)
            .When(new ScanTicket("t1", "s1", Door, "Porte A", "scan-1", false, Door))
            .Then(new TicketAdmitted("t1", "s1", Door, "Porte A", "scan-1", false, Door));

    [Fact]
    public void A_later_scan_is_refused_with_the_first_scans_time_and_gate() =>
        DeciderSpec.For(Admission.Decider).Given(new TicketAdmitted("t1", "s1", Door, "Porte A", "scan-1", false, Door))
            .When(new ScanTicket("t1", "s1", Door.AddMinutes(3), "Porte B", "scan-2", false, Door.AddMinutes(3)))
            .Then(new ScanRefused("t1", Door.AddMinutes(3), "Porte B", "scan-2", false, Door, "Porte A", Door.AddMinutes(3)));

    [Fact]
    public void A_late_offline_scan_made_earlier_than_the_recorded_one_becomes_the_first() =>
        DeciderSpec.For(Admission.Decider).Given(new TicketAdmitted("t1", "s1", Door.AddMinutes(10), "Porte A", "scan-1", false, Door.AddMinutes(10)))
            .When(new ScanTicket("t1", "s1", Door.AddMinutes(2), "Parking", "scan-9", true, Door.AddMinutes(40)))
            .Then(new EarlierScanRecorded("t1", Door.AddMinutes(2), "Parking", "scan-9", Door.AddMinutes(10), "Porte A", Door.AddMinutes(40)));

    [Fact]
    public void A_late_offline_scan_made_after_the_recorded_one_is_refused() =>
        DeciderSpec.For(Admission.Decider).Given(new TicketAdmitted("t1", "s1", Door, "Porte A", "scan-1", false, Door))
            .When(new ScanTicket("t1", "s1", Door.AddMinutes(5), "Parking", "scan-9", true, Door.AddMinutes(40)))
            .Then(new ScanRefused("t1", Door.AddMinutes(5), "Parking", "scan-9", true, Door, "Porte A", Door.AddMinutes(40)));

    [Fact]
    public void The_same_offline_batch_uploaded_twice_changes_nothing() =>
        DeciderSpec.For(Admission.Decider).Given(new TicketAdmitted("t1", "s1", Door, "Parking", "scan-9", true, Door.AddMinutes(40)))
            .When(new ScanTicket("t1", "s1", Door, "Parking", "scan-9", true, Door.AddMinutes(50)))
            .Then();
}
