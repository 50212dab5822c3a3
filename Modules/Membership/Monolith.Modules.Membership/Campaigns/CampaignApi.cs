using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;

namespace Monolith.Modules.Membership.Campaigns;

/// <summary>A product as the office enters it. <paramref name="VatRate"/>: <c>{"basisPoints": 2000}</c> = 20 %;
/// <c>{"basisPoints": 0, "outOfScopeReason": "..."}</c> for "hors champ de TVA" (an association's fee). <paramref name="Stock"/> null = unlimited.</summary>
internal sealed record ProductRequest(
    string? ProductId,
    string Name,
    string? Description,
    long PriceTtc,
    VatRate VatRate,
    int? Stock,
    bool MandatoryForPrincipal,
    IReadOnlyList<string>? Prerequisites);

internal sealed class ProductValidator : AbstractValidator<ProductRequest>
{
    public ProductValidator()
    {
        RuleFor(r => r.ProductId).Matches("^[a-z0-9][a-z0-9-]{0,63}$").When(r => r.ProductId is not null)
            .WithMessage("A product id is lower-case letters, digits and dashes (e.g. pack-pro).");
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Description).MaximumLength(2000);
        RuleFor(r => r.PriceTtc).GreaterThanOrEqualTo(0).WithMessage("The price TTC is in cents and cannot be negative.");
        RuleFor(r => r.Stock).GreaterThanOrEqualTo(0).When(r => r.Stock is not null);
    }
}

internal sealed record ProductView(
    string ProductId, string Name, string Description, long PriceTtc, long Vat, VatRate VatRate, string VatRateLabel,
    int? Stock, int Sold, int? Remaining, bool MandatoryForPrincipal, IReadOnlyList<string> Prerequisites) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

internal sealed record CampaignView(int Year, string Name, string Status, IReadOnlyList<ProductView> Products);

/// <summary>What the campaign's use cases share: the route group, the product as entered, the campaign as answered.</summary>
internal static class CampaignApi
{
    public static RouteGroupBuilder Group(IEndpointRouteBuilder app) => app.MapGroup("/api/membership/campaigns").WithTags("Membership — campaigns");

    internal static Product ToProduct(ProductRequest r, string productId) => new(
        productId,
        r.Name,
        r.Description ?? "",
        r.PriceTtc,
        r.VatRate,
        r.Stock,
        r.MandatoryForPrincipal,
        r.Prerequisites ?? []);

    internal static CampaignView ToView(CampaignState state) => new(
        state.Year,
        state.Name,
        state.Status.ToString().ToLowerInvariant(),
        [.. state.Products.Select(p => ToView(p, state.SoldOf(p.ProductId), state.Remaining(p)))]);

    internal static ProductView ToView(Product p, int sold, int? remaining) => new(
        p.ProductId, p.Name, p.Description, p.PriceTtc, Vat.PartOfTtc(p.PriceTtc, p.VatRate), p.VatRate, p.VatRate.Label,
        p.Stock, sold, remaining, p.MandatoryForPrincipal, p.Prerequisites);
}
