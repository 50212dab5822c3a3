using Monolith.BuildingBlocks.Validation;

namespace Monolith.BuildingBlocks.Tests.Validation;

public class IdentifiersTests
{
    [Theory]
    [InlineData("732829320", true)]
    [InlineData("732829321", false)]
    [InlineData("73282932", false)]
    [InlineData("73282932A", false)]
    public void Siren_has_a_luhn_check_digit(string value, bool valid) => Identifiers.IsValidSiren(value).Should().Be(valid);

    [Theory]
    [InlineData("73282932000074", true)]
    [InlineData("73282932000075", false)]
    public void Siret_has_a_luhn_check_digit(string value, bool valid) => Identifiers.IsValidSiret(value).Should().Be(valid);

    [Theory]
    [InlineData("FR44732829320", true)]
    [InlineData("FR 44 732829320", true)]
    [InlineData("FR45732829320", false)]
    [InlineData("DE44732829320", false)]
    public void French_vat_number_key_is_computed_from_the_siren(string value, bool valid) =>
        Identifiers.IsValidFrenchVatNumber(value).Should().Be(valid);

    [Theory]
    [InlineData("FR7630006000011234567890189", true)]
    [InlineData("FR76 3000 6000 0112 3456 7890 189", true)]
    [InlineData("FR7630006000011234567890188", false)]
    [InlineData("FR763000600001123456789018", false)]
    [InlineData("DE89370400440532013000", true)]
    public void Iban_check_digits_are_mod_97(string value, bool valid) => Identifiers.IsValidIban(value).Should().Be(valid);

    [Theory]
    [InlineData("AGRIFRPP", true)]
    [InlineData("AGRIFRPP882", true)]
    [InlineData("AGRIFRP", false)]
    [InlineData("AGRI1RPP", false)]
    public void Bic_has_8_or_11_characters(string value, bool valid) => Identifiers.IsValidBic(value).Should().Be(valid);

    [Theory]
    [InlineData("FR72ZZZ123456", true)]
    [InlineData("FR72ABC123456", true)]
    [InlineData("FR73ZZZ123456", false)]
    [InlineData("FR72ZZZ12345", false)]
    public void Sepa_creditor_id_check_digits_exclude_the_business_code(string value, bool valid) =>
        Identifiers.IsValidSepaCreditorId(value).Should().Be(valid);
}
