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
    [InlineData("FR1420041010050500013M02606", true)] // ECBS example, a letter in the BBAN
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("BE68539007547034", true)]
    [InlineData("NL91ABNA0417164300", true)]
    [InlineData("CH9300762011623852957", true)]
    [InlineData("GB82WEST12345698765431", false)]
    [InlineData("BE68539007547035", false)]
    [InlineData("FR76-3000-6000-0112-3456-7890-189", false)]
    [InlineData("", false)]
    public void Iban_check_digits_are_mod_97(string value, bool valid) => Identifiers.IsValidIban(value).Should().Be(valid);

    [Theory]
    [InlineData("FR7634303100000001000100")] // the marina seed's own example: 24 characters, France has 27
    [InlineData("FR0834303100000001000100")] // same BBAN with check digits that pass mod 97: the length alone refuses it
    [InlineData("DE543704004405320130001")] // 23 characters with valid check digits; Germany has 22
    public void Iban_of_the_wrong_length_for_its_country_is_refused(string value) => Identifiers.IsValidIban(value).Should().BeFalse();

    [Theory]
    [InlineData("FR", 27)]
    [InlineData("DE", 22)]
    [InlineData("BE", 16)]
    [InlineData("NO", 15)]
    [InlineData("MT", 31)]
    public void Iban_length_table_follows_the_registry(string country, int length) => Identifiers.IbanLengths[country].Should().Be(length);

    [Theory]
    [InlineData("AGRIFRPP", true)]
    [InlineData("AGRIFRPP882", true)]
    [InlineData("AGRIFRP", false)]
    [InlineData("AGRI1RPP", false)]
    [InlineData("MORSFR33XXX", true)] // the marina seed's BIC
    [InlineData("DEUTDEFF500", true)]
    [InlineData("BNPAFRPPXX", false)]
    [InlineData("BNPAFRPP-XX", false)]
    public void Bic_has_8_or_11_characters(string value, bool valid) => Identifiers.IsValidBic(value).Should().Be(valid);

    [Theory]
    [InlineData("FR72ZZZ123456", true)]
    [InlineData("FR72ABC123456", true)]
    [InlineData("FR73ZZZ123456", false)]
    [InlineData("FR72ZZZ12345", false)]
    [InlineData("DE98ZZZ09999999999", true)] // Deutsche Bundesbank's published test creditor id
    [InlineData("IT66ZZZA1B2C3D4E5F6G7H8", true)] // EPC262-08 example
    [InlineData("DE98ABC09999999999", true)] // the business code is outside the check
    [InlineData("DE97ZZZ09999999999", false)]
    [InlineData("FR72ZZZ1234567", false)] // France: 13 characters
    public void Sepa_creditor_id_check_digits_exclude_the_business_code(string value, bool valid) =>
        Identifiers.IsValidSepaCreditorId(value).Should().Be(valid);
}

public class MandateReferenceTests
{
    [Theory]
    [InlineData("07424010091216203171", true)] // the marina seed's RUM
    [InlineData("RUM-2026/0001 (port)", true)]
    [InlineData("A.B,C'D+E?F:G", true)]
    [InlineData("12345678901234567890123456789012345", true)]
    [InlineData("123456789012345678901234567890123456", false)] // 36 characters
    [InlineData("RUM_2026", false)] // underscore is outside the SEPA set
    [InlineData("RUMé", false)]
    [InlineData(" RUM", false)]
    [InlineData("RUM//1", false)]
    [InlineData("/RUM", false)]
    [InlineData("", false)]
    public void Mandate_reference_uses_the_sepa_character_set(string value, bool valid) =>
        Identifiers.IsValidMandateReference(value).Should().Be(valid);
}
