using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Money;

namespace Monolith.Modules.Bookings.Catalogue;

/// <summary>The catalogue's route group, its request body and the view of one service (with its revision as ETag).</summary>
internal static class CatalogueRoutes
{
    public const string Base = "/api/bookings/services";

    public static RouteGroupBuilder Staff(IEndpointRouteBuilder app) => app.MapGroup(Base).WithTags("Bookings — services catalogue");

    /// <summary>A service in a request body. <c>kind</c>: guidedVisit, activity, meal, night, rental, other. A partner's service names
    /// its provider (<c>providerId</c> optional: derived from the name); <c>thirdPartyFunds</c> when the office collects the money in
    /// the provider's name.</summary>
    internal sealed record ServiceRequest(
        string Label, ServiceKind Kind, bool WithLodging, string? Duration, long UnitPriceTtc, VatRate VatRate, bool PerPerson, int? MinParticipants,
        int? MaxParticipants, bool ExcludedFromFreePlaces, string? ProviderId, string? ProviderName, string? ProviderSiren, bool ThirdPartyFunds)
    {
        public ServiceDefinition ToDefinition() => new(
            Label.Trim(), Kind, WithLodging || Kind == ServiceKind.Night, Duration, UnitPriceTtc, VatRate.BasisPoints, PerPerson, MinParticipants, MaxParticipants,
            ExcludedFromFreePlaces,
            string.IsNullOrWhiteSpace(ProviderName) ? null : new ServiceProvider(
                GroupBookings.Billing.BookingBilling.ProviderKey(ProviderId, ProviderName), ProviderName.Trim(), string.IsNullOrWhiteSpace(ProviderSiren) ? null : ProviderSiren.Trim()),
            ThirdPartyFunds);
    }

    internal sealed class Validator : AbstractValidator<ServiceRequest>
    {
        public Validator()
        {
            RuleFor(s => s.Label).NotEmpty().MaximumLength(200);
            RuleFor(s => s.Kind).IsInEnum().WithMessage("Type de prestation attendu : guidedVisit, activity, meal, night, rental ou other.");
            RuleFor(s => s.Duration).MaximumLength(50);
            RuleFor(s => s.UnitPriceTtc).GreaterThanOrEqualTo(0).WithMessage("Le prix est en centimes TTC et ne peut être négatif.");
            RuleFor(s => s.VatRate).Must(v => !v.IsOutOfScope && v.BasisPoints is 0 or 550 or 1000 or 2000).WithMessage("Taux de TVA attendu : 0, 550, 1000 ou 2000 (points de base).");
            RuleFor(s => s.MinParticipants).GreaterThan(0).When(s => s.MinParticipants is not null);
            RuleFor(s => s.MaxParticipants).GreaterThan(0).When(s => s.MaxParticipants is not null);
            RuleFor(s => s.MaxParticipants).GreaterThanOrEqualTo(s => s.MinParticipants ?? 0).When(s => s.MaxParticipants is not null)
                .WithMessage("Le maximum de participants est au moins le minimum.");
            RuleFor(s => s.ProviderName).NotEmpty().When(s => s.ThirdPartyFunds).WithMessage("Les fonds de tiers sont encaissés pour un prestataire : nommez-le.");
            RuleFor(s => s.ProviderName).MaximumLength(200);
            RuleFor(s => s.ProviderId).MaximumLength(50);
            RuleFor(s => s.ProviderSiren).Matches("^[0-9]{9}$").When(s => !string.IsNullOrWhiteSpace(s.ProviderSiren)).WithMessage("Le SIREN compte 9 chiffres.");
        }
    }
}

/// <summary>A catalogue service as staff see it.</summary>
internal sealed record CatalogueServiceView(
    string ServiceId, string Label, string Kind, bool WithLodging, string? Duration, long UnitPriceTtc, VatRate VatRate, bool PerPerson, int? MinParticipants,
    int? MaxParticipants, bool ExcludedFromFreePlaces, string? ProviderId, string? ProviderName, string? ProviderSiren, bool ThirdPartyFunds, bool Withdrawn, long Revision)
    : IHasCurrency
{
    public string Currency => Currencies.Euro;

    public static CatalogueServiceView From(CatalogueServiceState s, long revision)
    {
        var d = s.Definition!;
        return new(s.ServiceId!, d.Label, KindName(d.Kind), d.WithLodging, d.Duration, d.UnitPriceTtc, VatRate.Of(d.VatRateBasisPoints), d.PerPerson, d.MinParticipants,
            d.MaxParticipants, d.ExcludedFromFreePlaces, d.Provider?.ProviderId, d.Provider?.Name, d.Provider?.Siren, d.ThirdPartyFunds, s.Withdrawn, revision);
    }

    public static string KindName(ServiceKind kind) => kind switch
    {
        ServiceKind.GuidedVisit => "guidedVisit",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
