using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Money;

namespace Monolith.Modules.Subscriptions.Offers;

/// <summary>An offer (tier) as defined or changed by the office: name, 3 to 10 users, yearly price TTC in cents, VAT rate (<c>{"basisPoints": 2000}</c> = 20 %).</summary>
internal sealed record OfferRequest(string Name, int MaxUsers, long PriceTtc, VatRate VatRate);

internal sealed class OfferRequestValidator : AbstractValidator<OfferRequest>
{
    public OfferRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.MaxUsers).InclusiveBetween(Offer.MinUsers, Offer.MaxUsersLimit);
        RuleFor(r => r.PriceTtc).GreaterThan(0).WithMessage("The price is in cents TTC and must be positive.");
        RuleFor(r => r.VatRate.OutOfScopeReason).Null().WithMessage("Une offre d'abonnement est soumise à la TVA : taux en points de base (2000 = 20 %), sans motif hors champ.");
    }
}

internal sealed record OfferResponse(string OfferId, string Name, int MaxUsers, long PriceTtc, VatRate VatRate, bool Available) : IHasCurrency
{
    public string Currency => Currencies.Euro;

    public static OfferResponse From(OfferState s) => new(s.OfferId!, s.Name, s.MaxUsers, s.PriceTtc, VatRate.Of(s.VatRateBasisPoints), s.Available);
}

/// <summary>The route group of the offers' use cases (office staff and admin).</summary>
internal static class OfferRoutes
{
    public static RouteGroupBuilder Group(IEndpointRouteBuilder app) => app.MapGroup("/api/subscriptions/offers").WithTags("Subscriptions");
}
