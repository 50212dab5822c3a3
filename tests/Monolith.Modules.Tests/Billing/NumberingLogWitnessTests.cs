using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Tests.Billing;

/// <summary>The start-up witness (ADR 0021) compares the newest number of each office and series with the log: "newest" is by year and
/// sequence, not by text, so it stays right once a year's sequence passes 99,999 and grows a digit.</summary>
public sealed class NumberingLogWitnessTests
{
    [Fact]
    public void The_newest_invoice_number_after_99999_is_the_six_digit_one()
    {
        // Given the per-length maxima the witness reads for one office
        var rows = new[] { ("port-a", "2026/99999"), ("port-a", "2026/100000") };

        // When the newest is chosen
        var newest = NumberingLogWitness.Newest(rows);

        // Then it is the 100,000th invoice, not the one that sorts last as text
        newest.Should().ContainSingle().Which.Value.Number.Should().Be("2026/100000");
    }

    [Fact]
    public void A_new_year_s_first_number_is_newer_than_a_six_digit_number_of_the_year_before()
    {
        var newest = NumberingLogWitness.Newest([("port-a", "2026/100000"), ("port-a", "2027/00001")]);

        newest.Should().ContainSingle().Which.Value.Number.Should().Be("2027/00001");
    }

    [Fact]
    public void Invoices_and_credit_notes_of_each_office_are_witnessed_apart()
    {
        var newest = NumberingLogWitness.Newest([("port-a", "2026/00007"), ("port-a", "AV2026/00002"), ("port-b", "2026/00003")]);

        newest.Values.Select(v => v.Number).Should().BeEquivalentTo(["2026/00007", "AV2026/00002", "2026/00003"]);
    }
}
