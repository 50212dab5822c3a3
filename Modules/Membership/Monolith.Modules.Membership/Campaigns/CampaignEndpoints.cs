using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Membership.Campaigns;

/// <summary>Staff: create the year's campaign, build its catalogue, open and close it.</summary>
internal static class CampaignEndpoints
{
    public sealed record CreateCampaignRequest(int Year, string Name);

    /// <summary>A product as the office enters it. <paramref name="VatBasisPoints"/>: 2000 = 20 %; <paramref name="VatOutOfScopeReason"/> for
    /// "hors champ de TVA" (an association's fee). <paramref name="Stock"/> null = unlimited.</summary>
    public sealed record ProductRequest(
        string? ProductId,
        string Name,
        string? Description,
        long PriceTtc,
        int VatBasisPoints,
        string? VatOutOfScopeReason,
        int? Stock,
        bool MandatoryForPrincipal,
        IReadOnlyList<string>? Prerequisites);

    public sealed record ProductView(
        string ProductId, string Name, string Description, long PriceTtc, long Vat, string VatRate, int VatBasisPoints, string? VatOutOfScopeReason,
        int? Stock, int Sold, int? Remaining, bool MandatoryForPrincipal, IReadOnlyList<string> Prerequisites);

    public sealed record CampaignView(int Year, string Name, string Status, IReadOnlyList<ProductView> Products);

    public sealed class CreateCampaignValidator : AbstractValidator<CreateCampaignRequest>
    {
        public CreateCampaignValidator()
        {
            RuleFor(r => r.Year).InclusiveBetween(2000, 2100);
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        }
    }

    public sealed class ProductValidator : AbstractValidator<ProductRequest>
    {
        public ProductValidator()
        {
            RuleFor(r => r.ProductId).Matches("^[a-z0-9][a-z0-9-]{0,63}$").When(r => r.ProductId is not null)
                .WithMessage("A product id is lower-case letters, digits and dashes (e.g. pack-pro).");
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Description).MaximumLength(2000);
            RuleFor(r => r.PriceTtc).GreaterThanOrEqualTo(0).WithMessage("The price TTC is in cents and cannot be negative.");
            RuleFor(r => r.VatBasisPoints).InclusiveBetween(0, 10000).WithMessage("The VAT rate is in basis points (2000 = 20 %).");
            RuleFor(r => r.VatBasisPoints).Equal(0).When(r => r.VatOutOfScopeReason is not null)
                .WithMessage("A product out of the scope of VAT has a rate of 0.");
            RuleFor(r => r.Stock).GreaterThanOrEqualTo(0).When(r => r.Stock is not null);
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/membership/campaigns").WithTags("Membership — campaigns");

        group.MapPost("/", async (CreateCampaignRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, request.Year),
                new CreateCampaign(request.Year, request.Name, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            return Results.Created($"/api/membership/campaigns/{request.Year}", ToView(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-staff").Validate<CreateCampaignRequest>().Idempotent()
          .WithSummary("Creates the campaign of a year (one per office and year), empty and not yet open.");

        group.MapGet("/{year:int}", async (int year, ICallerContext caller, CommandHandler handler, CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, year), caller.TenantId, mustExist: true, ct);
            return Results.Ok(ToView(loaded.State)).WithRevision(loaded.Revision);
        }).RequireAuthorization("office-read").WithSummary("The campaign and its catalogue with sold and remaining units.");

        group.MapPost("/{year:int}/products", async (int year, ProductRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var product = ToProduct(request, request.ProductId ?? IdempotencyScope.NewId()[..12]);
            var result = await handler.HandleAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, year), new AddProduct(product, time.GetUtcNow()),
                caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return Results.Created($"/api/membership/campaigns/{year}/products/{product.ProductId}", ToView(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-staff").Validate<ProductRequest>().Idempotent().WithSummary("Adds a product to the catalogue.");

        group.MapPut("/{year:int}/products/{productId}", async (int year, string productId, ProductRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, year),
                new ChangeProduct(ToProduct(request, productId), time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return Results.Ok(ToView(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-staff").Validate<ProductRequest>().Idempotent()
          .WithSummary("Changes a product; refused (409 product.already-ordered) once someone has ordered it.");

        group.MapPost("/{year:int}/opening", async (int year, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, year), new OpenCampaign(time.GetUtcNow()),
                caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return Results.Ok(ToView(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-staff").Idempotent().WithSummary("Opens the campaign to members' orders.");

        group.MapPost("/{year:int}/closing", async (int year, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, year), new CloseCampaign(time.GetUtcNow()),
                caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return Results.Ok(ToView(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-staff").Idempotent().WithSummary("Closes the campaign: no more orders.");
    }

    private static Product ToProduct(ProductRequest r, string productId) => new(
        productId,
        r.Name,
        r.Description ?? "",
        r.PriceTtc,
        r.VatOutOfScopeReason is { } reason ? VatRate.OutOfScope(reason) : VatRate.Of(r.VatBasisPoints),
        r.Stock,
        r.MandatoryForPrincipal,
        r.Prerequisites ?? []);

    internal static CampaignView ToView(CampaignState state) => new(
        state.Year,
        state.Name,
        state.Status.ToString().ToLowerInvariant(),
        [.. state.Products.Select(p => ToView(p, state.SoldOf(p.ProductId), state.Remaining(p)))]);

    internal static ProductView ToView(Product p, int sold, int? remaining) => new(
        p.ProductId, p.Name, p.Description, p.PriceTtc, Vat.PartOfTtc(p.PriceTtc, p.VatRate), p.VatRate.Label, p.VatRate.BasisPoints, p.VatRate.OutOfScopeReason,
        p.Stock, sold, remaining, p.MandatoryForPrincipal, p.Prerequisites);
}
