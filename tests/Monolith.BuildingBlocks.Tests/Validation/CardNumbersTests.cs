using Monolith.BuildingBlocks.Validation;

namespace Monolith.BuildingBlocks.Tests.Validation;

public sealed class CardNumbersTests
{
    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("Carte 4111 1111 1111 1111 exp 12/29")]
    [InlineData("5555-5555-5555-4444")]
    [InlineData("amex 3782 822463 10005")]
    [InlineData("6011000990139424")]
    [InlineData("4222222222222")]
    public void Card_numbers_with_or_without_groups_are_spotted(string text) => CardNumbers.ContainsPan(text).Should().BeTrue();

    [Theory]
    [InlineData("4111111111111112")] // Luhn fails
    [InlineData("Facture 2026-000123 du 12/03/2026")]
    [InlineData("FR76 3000 6000 0112 3456 7890 189")] // IBAN: 25 digits in the run
    [InlineData("06 12 34 56 78")]
    [InlineData("411111111111")] // 12 digits
    [InlineData("4111  1111 1111 1111")] // two spaces split the run
    [InlineData("e0c4111111111111111af2")] // digits inside a hex identifier (a GUID written with N)
    [InlineData("9f1c2e4111111111111111@office.test")] // a generated e-mail: the run is glued to letters
    public void Ordinary_text_is_not_a_card_number(string text) => CardNumbers.ContainsPan(text).Should().BeFalse();
}
