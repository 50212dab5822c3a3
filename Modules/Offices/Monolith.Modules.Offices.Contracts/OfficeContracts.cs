namespace Monolith.Modules.Offices.Contracts;

/// <summary>A postal address as printed on invoices and contracts.</summary>
public sealed record PostalAddress(string Street, string PostalCode, string City, string Country = "France");

/// <summary>The office's bank details, shown for transfers and used for SEPA direct debits.</summary>
public sealed record BankDetails(string AccountHolder, string Iban, string? Bic);

/// <summary>The office's legal identity: what French invoices must print about the seller (CGI annex II art. 242 nonies A).</summary>
public sealed record LegalIdentity(
    string LegalName,
    string LegalForm,
    string Siren,
    string? Siret,
    string? VatNumber,
    PostalAddress Address,
    string? Email,
    string? Phone,
    BankDetails? Bank,
    string? SepaCreditorId,
    string? ShareCapital,
    string? RegistrationCity,
    bool VatExempt = false);

/// <summary>A version of the office's terms of sale: its text and the settings other modules read (deposit rate, fees, deadlines...).</summary>
public sealed record TermsOfSaleVersion(
    int Version,
    string Title,
    string Text,
    IReadOnlyDictionary<string, string> Settings,
    DateOnly EffectiveFrom,
    DateTimeOffset PublishedAt);

/// <summary>What other modules may know about an office (tenant).</summary>
public sealed record OfficeProfile(string OfficeId, string Name, string TimeZone, LegalIdentity? Legal);

/// <summary>Query interface of the Offices module, for other modules (billing prints the legal identity; bookings read the terms in force).</summary>
public interface IOfficeDirectory
{
    Task<OfficeProfile?> GetOfficeAsync(string officeId, CancellationToken ct = default);

    /// <summary>The terms of sale in force on <paramref name="on"/> (the latest version whose EffectiveFrom is on or before it), or null.</summary>
    Task<TermsOfSaleVersion?> GetTermsInForceAsync(string officeId, DateOnly on, CancellationToken ct = default);

    Task<TermsOfSaleVersion?> GetTermsVersionAsync(string officeId, int version, CancellationToken ct = default);
}
