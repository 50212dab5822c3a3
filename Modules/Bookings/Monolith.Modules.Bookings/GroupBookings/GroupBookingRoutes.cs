using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Bookings.GroupBookings;

/// <summary>The staff route group of group bookings and the one way a use case runs a command and answers: the booking's view with
/// its revision as ETag (send it back as If-Match).</summary>
internal static class GroupBookingRoutes
{
    public const string Base = "/api/bookings/group-bookings";

    public static RouteGroupBuilder Staff(IEndpointRouteBuilder app) => app.MapGroup(Base).WithTags("Bookings — group bookings");

    public static async Task<Ok<GroupBookingView>> RunAsync(
        GroupBookingStore store, ICallerContext caller, HttpContext http, string bookingId, GroupBookingCommand command, CancellationToken ct)
    {
        var result = await store.HandleAsync(bookingId, command, caller.ForRequest(http), ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Ok(GroupBookingView.From(result.State, result.Revision));
    }

    /// <summary>Customer data in a request body.</summary>
    internal sealed record CustomerRequest(string? CustomerId, bool Business, string Name, string Street, string PostalCode, string City, string? Country,
        string Email, string? VatNumber, string? Siren)
    {
        public BookingCustomer ToCustomer(string officeId) => new(
            string.IsNullOrWhiteSpace(CustomerId)
                ? "bk-" + BuildingBlocks.Deciders.DeterministicGuid.Create(BuildingBlocks.Deciders.DeterministicGuid.PlatformNamespace,
                    $"bookings-customer/{officeId}/{Email.Trim().ToLowerInvariant()}").ToString("N")[..16]
                : CustomerId.Trim(),
            Business, Name.Trim(), Street.Trim(), PostalCode.Trim(), City.Trim(), string.IsNullOrWhiteSpace(Country) ? "France" : Country.Trim(), Email.Trim(),
            VatNumber?.Trim(), Siren?.Trim());
    }

    internal sealed class CustomerValidator : FluentValidation.AbstractValidator<CustomerRequest>
    {
        public CustomerValidator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Street).NotEmpty().MaximumLength(200);
            RuleFor(c => c.PostalCode).NotEmpty().MaximumLength(20);
            RuleFor(c => c.City).NotEmpty().MaximumLength(100);
            RuleFor(c => c.Email).NotEmpty().EmailAddress().MaximumLength(200).WithMessage("Une adresse e-mail valide est requise.");
            RuleFor(c => c.CustomerId).MaximumLength(100);
        }
    }

    /// <summary>A service line in a request body.</summary>
    internal sealed record ServiceRequest(string? Label, DateOnly Date, string? Duration, long UnitPriceTtc, VatRate VatRate, bool PerPerson, int? Quantity,
        bool ExcludedFromFreePlaces, bool Night, string? ServiceId, string? ProviderId, string? ProviderName, bool ThirdPartyFunds, string? ProviderSiren = null)
    {
        public ServiceLine ToLine() => new((Label ?? string.Empty).Trim(), Date, Duration?.Trim(), UnitPriceTtc, VatRate.BasisPoints, PerPerson, PerPerson ? 0 : Quantity ?? 1,
            ExcludedFromFreePlaces, Night, ServiceId, ProviderId, ProviderName?.Trim(), ThirdPartyFunds, ProviderSiren?.Trim());
    }

    internal sealed class ServiceValidator : FluentValidation.AbstractValidator<ServiceRequest>
    {
        public ServiceValidator()
        {
            RuleFor(s => s.Label).NotEmpty().When(s => string.IsNullOrWhiteSpace(s.ServiceId)).WithMessage("Nommez la prestation, ou indiquez son identifiant au catalogue (serviceId).");
            RuleFor(s => s.Label).MaximumLength(200);
            RuleFor(s => s.ServiceId).MaximumLength(50);
            RuleFor(s => s.UnitPriceTtc).GreaterThanOrEqualTo(0).WithMessage("Le prix est en centimes TTC et ne peut être négatif.");
            RuleFor(s => s.VatRate).Must(v => !v.IsOutOfScope && v.BasisPoints is 0 or 550 or 1000 or 2000).WithMessage("Taux de TVA attendu : 0, 550, 1000 ou 2000 (points de base).");
            RuleFor(s => s.Quantity).GreaterThan(0).When(s => !s.PerPerson && s.Quantity is not null);
            RuleFor(s => s.ProviderName).NotEmpty().When(s => s.ThirdPartyFunds).WithMessage("Les fonds de tiers sont encaissés pour un prestataire : nommez-le.");
        }
    }
}
