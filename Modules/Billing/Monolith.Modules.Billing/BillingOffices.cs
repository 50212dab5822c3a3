using System.Globalization;
using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing;

/// <summary>What billing reads about an office: the seller's legal identity (required to issue), its time zone ("today") and the settings
/// of its terms of sale.</summary>
internal sealed class BillingOffices(IOfficeDirectory offices, TimeProvider time)
{
    public const string PaymentTermSetting = "billing.payment-term-days";
    public const string LatePenaltySetting = "billing.late-penalty-mention";
    public const string CreditValiditySetting = "billing.credit-validity-months";

    public static CommandContext SystemContext(string officeId) => new(officeId, "billing", Guid.NewGuid());

    public async Task<OfficeProfile> RequireSellerAsync(string officeId, CancellationToken ct)
    {
        var office = await offices.GetOfficeAsync(officeId, ct) ?? throw new NotFoundException("Office not found.");
        return office.Legal is null
            ? throw new DomainRuleViolation(
                "billing.seller-identity-missing",
                "L'identité légale de l'office (raison sociale, SIREN, TVA, adresse) doit être renseignée avant d'émettre une facture.")
            : office;
    }

    /// <summary>The office-local date of now (Europe/Paris by default).</summary>
    public async Task<DateOnly> TodayAsync(string officeId, CancellationToken ct = default)
    {
        var office = await offices.GetOfficeAsync(officeId, ct);
        return DocumentRegister.LocalDate(time.GetUtcNow(), OfficeCalendar.ZoneOf(office?.TimeZone));
    }

    public Task<TermsOfSaleVersion?> TermsInForceAsync(string officeId, DateOnly on, CancellationToken ct) => offices.GetTermsInForceAsync(officeId, on, ct);

    public static int IntSetting(TermsOfSaleVersion? terms, string key, int fallback) =>
        terms?.Settings.TryGetValue(key, out var value) == true && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : fallback;
}
