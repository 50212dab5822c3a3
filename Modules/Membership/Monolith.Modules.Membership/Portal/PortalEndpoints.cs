using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Campaigns;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;

namespace Monolith.Modules.Membership.Portal;

/// <summary>The member's portal (customer role): the open campaign's catalogue, building and validating their order. A member sees and
/// changes only their own orders: anyone else's is 404.</summary>
internal static class PortalEndpoints
{
    public sealed record SelectProductsRequest(IReadOnlyList<string> ProductIds);

    public sealed record PaymentMethodRequest(PaymentChoice Method);

    public sealed record BillingAddressRequest(string? CompanyName, string? Street, string? PostalCode, string? City);

    public sealed record TermsAcceptanceRequest(bool Accept);

    public sealed record CatalogueProduct(
        string ProductId, string Name, string Description, long PriceTtc, long Vat, string VatRate, int? Stock, int? Remaining, bool Mandatory,
        IReadOnlyList<string> Prerequisites);

    public sealed record CatalogueOffer(string OfferId, string Name, bool Principal, IReadOnlyList<CatalogueProduct> Products);

    public sealed record CatalogueView(int Year, string Name, IReadOnlyList<CatalogueOffer> Offers);

    public sealed class BillingAddressValidator : AbstractValidator<BillingAddressRequest>
    {
        public BillingAddressValidator()
        {
            RuleFor(r => r.CompanyName).MaximumLength(200);
            RuleFor(r => r.Street).MaximumLength(300);
            RuleFor(r => r.PostalCode).MaximumLength(10);
            RuleFor(r => r.City).MaximumLength(200);
        }
    }

    public sealed class SelectProductsValidator : AbstractValidator<SelectProductsRequest>
    {
        public SelectProductsValidator() => RuleFor(r => r.ProductIds).NotNull().Must(p => p is null || p.Count <= 100);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/membership/portal").WithTags("Membership — member portal").RequireAuthorization("customer");

        group.MapGet("/catalogue", async (ICallerContext caller, SqliteConnectionFactory connections, CommandHandler handler, CancellationToken ct) =>
        {
            var year = await OpenYearAsync(caller, connections, ct);
            var campaign = await handler.LoadAsync(Campaign.Decider, Campaign.StreamId(caller.TenantId, year), caller.TenantId, mustExist: true, ct);
            var member = await handler.LoadAsync(Member.Decider, Member.StreamId(Customer(caller)), caller.TenantId, mustExist: true, ct);
            return Results.Ok(new CatalogueView(year, campaign.State.Name, [.. member.State.Offers.Select(o => new CatalogueOffer(o.OfferId, o.Name, o.Principal,
                [.. campaign.State.Products.Select(p => new CatalogueProduct(p.ProductId, p.Name, p.Description, p.PriceTtc,
                    BuildingBlocks.Money.Vat.PartOfTtc(p.PriceTtc, p.VatRate), p.VatRate.Label, p.Stock,
                    campaign.State.Remaining(p),
                    o.Principal && p.MandatoryForPrincipal, p.Prerequisites))]))]));
        }).WithSummary("The open campaign's catalogue for each of the member's offers: prices TTC with their VAT part, remaining stock, " +
                       "products mandatory for the principal activity, prerequisites.");

        group.MapPost("/orders", async (ICallerContext caller, HttpContext http, SqliteConnectionFactory connections, CommandHandler handler, OrderLoader loader,
            TimeProvider time, CancellationToken ct) =>
        {
            var year = await OpenYearAsync(caller, connections, ct);
            var orderId = IdempotencyScope.NewId();
            await handler.HandleAsync(Order.Decider, Order.StreamId(orderId), new StartOrder(orderId, Customer(caller), year, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            var view = await OrderViews.LoadAsync(loader, caller.TenantId, orderId, Customer(caller), ct);
            return Results.Created($"/api/membership/portal/orders/{orderId}", view).WithRevision(view.Revision);
        }).Idempotent().WithSummary("Starts an order in the open campaign.");

        group.MapGet("/orders", async (ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            return Results.Ok(await OrderViews.ListAsync(connection, caller.TenantId, Customer(caller), null, null));
        }).WithSummary("The member's orders.");

        group.MapGet("/orders/{orderId}", async (string orderId, ICallerContext caller, OrderLoader loader, CancellationToken ct) =>
        {
            var view = await OrderViews.LoadAsync(loader, caller.TenantId, orderId, Customer(caller), ct);
            return Results.Ok(view).WithRevision(view.Revision);
        }).WithSummary("The order with its live recap (per offer: products, count, total TTC and VAT part) and what still prevents its validation.");

        group.MapPut("/orders/{orderId}/offers/{offerId}", (string orderId, string offerId, SelectProductsRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, OrderLoader loader, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(orderId, caller, http, handler, loader, ct,
                loaded => new SelectProducts(offerId, request.ProductIds, loaded.Catalogue, time.GetUtcNow())))
            .Validate<SelectProductsRequest>().Idempotent().WithSummary("Ticks the products of one offer (the whole list); returns the recap.");

        group.MapPut("/orders/{orderId}/payment-method", (string orderId, PaymentMethodRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, OrderLoader loader, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(orderId, caller, http, handler, loader, ct, _ => new ChoosePaymentMethod(request.Method, time.GetUtcNow())))
            .Idempotent().WithSummary("card (the provider's hosted page), cheque or transfer.");

        group.MapPut("/orders/{orderId}/billing-address", (string orderId, BillingAddressRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, OrderLoader loader, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(orderId, caller, http, handler, loader, ct,
                _ => new SetBillingAddress(new OrderAddress(request.CompanyName ?? "", request.Street ?? "", request.PostalCode ?? "", request.City ?? ""), time.GetUtcNow())))
            .Validate<BillingAddressRequest>().Idempotent().WithSummary("Raison sociale, street, postcode, town (printed on the invoice).");

        group.MapPost("/orders/{orderId}/terms-acceptance", async (string orderId, TermsAcceptanceRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, OrderLoader loader, TimeProvider time, CancellationToken ct) =>
        {
            var terms = request.Accept ? await loader.TermsInForceAsync(caller.TenantId, ct) : null;
            return await ChangeAsync(orderId, caller, http, handler, loader, ct, _ => new AcceptTerms(terms?.Version, time.GetUtcNow(), request.Accept));
        }).Idempotent().WithSummary("Accepts the office's terms of sale in force; the accepted version is recorded on the order.");

        group.MapPost("/orders/{orderId}/validation", async (string orderId, ICallerContext caller, HttpContext http, OrderValidation validation, OrderLoader loader,
            CancellationToken ct) =>
        {
            await validation.ValidateAsync(caller.TenantId, orderId, Customer(caller), caller.ForRequest(http), ct);
            var view = await OrderViews.LoadAsync(loader, caller.TenantId, orderId, Customer(caller), ct);
            return Results.Ok(view).WithRevision(view.Revision);
        }).Idempotent().WithSummary("Validates the order — final. Refused (422, French message) when a mandatory product or a prerequisite is missing, the " +
                                    "address is incomplete or the terms are not accepted; 409 when a product is out of stock (the order stays a draft).");

        group.MapPost("/orders/{orderId}/information-confirmation", (string orderId, ICallerContext caller, HttpContext http, CommandHandler handler,
            OrderLoader loader, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(orderId, caller, http, handler, loader, ct, _ => new ConfirmInformation(time.GetUtcNow())))
            .Idempotent().WithSummary("The member confirms the information the office will publish.");
    }

    private static async Task<IResult> ChangeAsync(string orderId, ICallerContext caller, HttpContext http, CommandHandler handler, OrderLoader loader,
        CancellationToken ct, Func<LoadedOrder, OrderCommand> command)
    {
        var loaded = await loader.LoadAsync(caller.TenantId, orderId, Customer(caller), ct);
        await handler.HandleAsync(Order.Decider, Order.StreamId(orderId), command(loaded), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
        var view = await OrderViews.LoadAsync(loader, caller.TenantId, orderId, Customer(caller), ct);
        return Results.Ok(view).WithRevision(view.Revision);
    }

    private static string Customer(ICallerContext caller) => caller.CustomerId ?? throw new NotFoundException("No member for this login.");

    private static async Task<int> OpenYearAsync(ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<int?>(
                "SELECT year FROM membership_campaigns WHERE office_id = @tenant AND status = 'open' ORDER BY year DESC LIMIT 1", new { tenant = caller.TenantId })
            ?? throw new NotFoundException("Aucune campagne d'adhésion n'est ouverte.");
    }
}
