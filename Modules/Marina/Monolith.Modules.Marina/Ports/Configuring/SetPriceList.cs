using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Marina.Ports.Configuring;

/// <summary>Staff: the price list of a season — the annual price TTC of a berth per size category and of each option (electricity,
/// water...), with the season's dates. Contracts are priced from it when drafted; renewals from next season's.</summary>
internal static class SetPriceList
{
    public sealed record PriceListRequest(DateOnly SeasonStart, DateOnly SeasonEnd, IReadOnlyList<CategoryPrice> Categories, IReadOnlyList<OptionPrice>? Options,
        VatRate? VatRate);

    /// <summary>A season's price list as answered: the annual prices TTC and their one VAT rate.</summary>
    public sealed record PriceListView(int Season, DateOnly SeasonStart, DateOnly SeasonEnd, IReadOnlyList<CategoryPrice> Categories, IReadOnlyList<OptionPrice> Options,
        VatRate VatRate) : IHasCurrency
    {
        public string Currency => Currencies.Euro;

        public static PriceListView From(PriceList p) => new(p.Season, p.SeasonStart, p.SeasonEnd, p.Categories, p.Options, BuildingBlocks.Money.VatRate.Of(p.VatBasisPoints));
    }

    public sealed class Validator : AbstractValidator<PriceListRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Categories).NotEmpty().WithMessage("Indiquez le prix d'au moins une catégorie de place.");
            RuleForEach(r => r.Categories).ChildRules(c =>
            {
                c.RuleFor(x => x.Category).NotEmpty().MaximumLength(20);
                c.RuleFor(x => x.AnnualPriceTtc).GreaterThan(0).WithMessage("Prix annuel TTC en centimes, positif.");
            });
            RuleForEach(r => r.Options).ChildRules(o =>
            {
                o.RuleFor(x => x.Code).NotEmpty().MaximumLength(20);
                o.RuleFor(x => x.Label).NotEmpty().MaximumLength(100);
                o.RuleFor(x => x.AnnualPriceTtc).GreaterThanOrEqualTo(0);
            });
            RuleFor(r => r.VatRate).Must(v => v is null || !v.Value.IsOutOfScope).WithMessage("La location d'une place est soumise à la TVA : pas de motif hors champ.");
            RuleFor(r => r.SeasonEnd).GreaterThanOrEqualTo(r => r.SeasonStart).WithMessage("La fin de saison précède son début.");
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/marina/price-lists/{season:int}", async Task<Ok<PriceListView>> (
            int season, PriceListRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var list = new PriceList(season, request.SeasonStart, request.SeasonEnd, request.Categories, request.Options ?? [], request.VatRate?.BasisPoints ?? 2000);
            var result = await handler.HandleAsync(Port.Decider, Port.StreamId(caller.TenantId), new Ports.SetPriceList(list, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            http.Response.SetRevision(result.Revision);
            return TypedResults.Ok(PriceListView.From(result.State.PriceLists[season]));
        })
        .RequireAuthorization("office-staff").Validate<PriceListRequest>().Idempotent()
        .WithTags("Marina — port").WithName("MarinaSetPriceList")
        .WithSummary("Sets a season's price list: berth price per size category, options, season dates (prices TTC in cents).");
}
