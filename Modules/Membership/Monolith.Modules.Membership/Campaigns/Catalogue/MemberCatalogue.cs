using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders.Portal;
using static Monolith.Modules.Membership.Orders.Portal.MemberPortal;

namespace Monolith.Modules.Membership.Campaigns.Catalogue;

internal sealed record CatalogueProduct(
    string ProductId, string Name, string Description, long PriceTtc, long Vat, string VatRate, int? Stock, int? Remaining, bool Mandatory,
    IReadOnlyList<string> Prerequisites);

internal sealed record CatalogueOffer(string OfferId, string Name, bool Principal, IReadOnlyList<CatalogueProduct> Products);

internal sealed record CatalogueView(int Year, string Name, IReadOnlyList<CatalogueOffer> Offers) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

/// <summary>GET <c>/api/membership/portal/catalogue</c> (the member): the open campaign's catalogue for each of the member's offers.</summary>
internal static class MemberCatalogueEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = MemberPortal.Group(app);
        group.MapGet("/catalogue", async Task<Ok<CatalogueView>> (ICallerContext caller, IReadModelDatabase connections, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var year = await OpenYearAsync(caller.TenantId, connections, handler, time, ct);
            var campaign = await handler.LoadAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, year), caller.TenantId, mustExist: true, ct);
            var member = await handler.LoadAsync(Member.Decider, Member.StreamId(Customer(caller)), caller.TenantId, mustExist: true, ct);
            return TypedResults.Ok(new CatalogueView(year, campaign.State.Name, [.. member.State.Offers.Select(o => new CatalogueOffer(o.OfferId, o.Name, o.Principal,
                [.. campaign.State.Products.Select(p => new CatalogueProduct(p.ProductId, p.Name, p.Description, p.PriceTtc,
                    BuildingBlocks.Money.Vat.PartOfTtc(p.PriceTtc, p.VatRate), p.VatRate.Label, p.Stock,
                    campaign.State.Remaining(p),
                    o.Principal && p.MandatoryForPrincipal, p.Prerequisites))]))]));
        }).WithSummary("The open campaign's catalogue for each of the member's offers: prices TTC with their VAT part, remaining stock, " +
                       "products mandatory for the principal activity, prerequisites.");
    }
}
