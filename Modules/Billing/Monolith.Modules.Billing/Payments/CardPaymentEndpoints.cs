using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Payments;

/// <summary>Card payments: start one on an invoice (staff, or the customer for their own invoice), read where it stands, and the
/// provider's webhook (anonymous, authenticated by the provider's signature).</summary>
internal static class CardPaymentEndpoints
{
    public sealed record StartCardPaymentRequest(string ReturnUrl);

    public sealed class StartCardPaymentValidator : AbstractValidator<StartCardPaymentRequest>
    {
        public StartCardPaymentValidator() => RuleFor(r => r.ReturnUrl).NotEmpty().MaximumLength(2000);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/billing").WithTags("Billing card payments");

        group.MapPost("/invoices/{invoiceId}/card-payments", async (
            string invoiceId, StartCardPaymentRequest request, ICallerContext caller, HttpContext http, NumberedDocuments documents, CardPaymentService cards, CancellationToken ct) =>
        {
            await documents.RequireVisibleInvoiceAsync(caller, invoiceId, ct);
            var started = await cards.StartAsync(caller.ForRequest(http), invoiceId, request.ReturnUrl, ct);
            return Results.Created($"/api/billing/card-payments/{started.ProviderReference}", started);
        }).RequireAuthorization(PlatformPolicies.Payer).Validate<StartCardPaymentRequest>().Produces<CardPaymentStarted>(StatusCodes.Status201Created)
          .WithSummary("Starts a card payment of the invoice's balance: a pending payment and the provider's page to redirect the customer to.");

        group.MapGet("/card-payments/{providerReference}", async (string providerReference, ICallerContext caller, CardPaymentService cards, CancellationToken ct) =>
        {
            var view = await cards.GetAsync(caller.TenantId, providerReference, ct) ?? throw new NotFoundException("Card payment not found.");
            BillingAccess.RequireOwnRecord(caller, view.CustomerId);
            return Results.Ok(view);
        }).RequireAuthorization().Produces<CardPaymentView>().WithSummary("A card payment by the provider's reference: pending, received or failed (and at most the last 4 digits).");

        group.MapPost("/card-payments/notifications", async (HttpContext http, CardPaymentService cards, CancellationToken ct) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(ct);
            var view = await cards.HandleNotificationAsync(http.Request.Headers, body, ct);
            return view is null
                ? Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The notification's signature is not valid.")
                : Results.Ok(new { view.ProviderReference, status = view.Status.ToString() });
        }).AllowAnonymous().WithSummary("The payment provider's webhook: confirms or fails the pending card payment (signed by the provider).");
    }
}
