using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Modules.Marina.Holders.Invoicing;

/// <summary>Staff: invoices a service to a holder (craning, careening, a visitor's night... "Facture de prestation"). The staff's own
/// <c>reference</c> makes it idempotent: the same reference for the same holder returns the invoice already issued.</summary>
internal static class InvoiceService
{
    public sealed record ServiceLine(string Label, int Quantity, long UnitPriceTtc, VatRate VatRate);

    public sealed record ServiceInvoiceRequest(string Reference, IReadOnlyList<ServiceLine> Lines);

    public sealed class Validator : AbstractValidator<ServiceInvoiceRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Reference).NotEmpty().MaximumLength(60).Matches("^[A-Za-z0-9/-]+$");
            RuleFor(r => r.Lines).NotEmpty().WithMessage("Une facture comporte au moins une ligne.");
            RuleForEach(r => r.Lines).ChildRules(l =>
            {
                l.RuleFor(x => x.Label).NotEmpty().MaximumLength(200);
                l.RuleFor(x => x.Quantity).GreaterThan(0);
            });
        }
    }

    /// <summary>The invoice as the API answers it: <see cref="MarinaInvoice"/> (stored as it is in the holder's and contract's events, never
    /// reshaped) with the currency of its amount.</summary>
    public sealed record InvoiceView(string InvoiceId, string Number, string Label, DateOnly IssueDate, DateOnly DueDate, long TotalTtc) : IHasCurrency
    {
        public string Currency => Currencies.Euro;

        public static InvoiceView From(MarinaInvoice i) => new(i.InvoiceId, i.Number, i.Label, i.IssueDate, i.DueDate, i.TotalTtc);
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/marina/holders/{holderId}/service-invoices", async Task<Ok<InvoiceView>> (
            string holderId, ServiceInvoiceRequest request, ICallerContext caller, HttpContext http, HolderBilling billing, CommandHandler handler, TimeProvider time,
            CancellationToken ct) =>
        {
            var holder = await billing.LoadHolderAsync(caller.TenantId, holderId, ct);
            var invoice = await billing.IssueAsync(caller.TenantId, holder, $"service/{holderId}/{request.Reference}", HolderBilling.ServiceLabel,
                [.. request.Lines.Select(l => new InvoiceLineRequest(l.Label, l.Quantity, l.UnitPriceTtc, l.VatRate))], ct);
            await handler.HandleAsync(Holder.Decider, Holder.StreamId(holderId), new AttachServiceInvoice(invoice, time.GetUtcNow()),
                caller.ForRequest(http) with { Expected = null }, CommandOptions.ExistingStream, ct);
            return TypedResults.Ok(InvoiceView.From(invoice));
        }).RequireAuthorization("office-staff").Validate<ServiceInvoiceRequest>().Idempotent()
          .WithTags("Marina — berth holders").WithName("MarinaInvoiceService")
          .WithSummary("Invoices a service to the holder through billing (\"Facture de prestation\"), e-mailed with its PDF when the holder has an e-mail.");
}
