using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Marina.Holders.Payments;

/// <summary>Staff: a cheque or a transfer received at the harbour office for one invoice of the holder ("Paiement par chèque ou virement :
/// paiement à la capitainerie"). Partial payments are allowed; the payment is recorded in billing against that invoice.</summary>
internal static class RecordCounterPayment
{
    /// <summary><paramref name="Method"/>: <c>cheque</c> or <c>bankTransfer</c> (billing's payment methods).</summary>
    public sealed record CounterPaymentRequest(string InvoiceId, PaymentMethod Method, long Amount, DateOnly? ReceivedOn, string? ChequeNumber, string? Bank,
        string? TransferReference);

    public sealed class Validator : AbstractValidator<CounterPaymentRequest>
    {
        public Validator()
        {
            RuleFor(r => r.InvoiceId).NotEmpty();
            RuleFor(r => r.Method).Must(m => m is PaymentMethod.Cheque or PaymentMethod.BankTransfer)
                .WithMessage("À la capitainerie : chèque (cheque) ou virement (bankTransfer).");
            RuleFor(r => r.Amount).GreaterThan(0).WithMessage("Le montant est en centimes et doit être positif.");
            RuleFor(r => r.ChequeNumber).NotEmpty().When(r => r.Method == PaymentMethod.Cheque).WithMessage("Numéro du chèque obligatoire.");
            RuleFor(r => r.Bank).NotEmpty().When(r => r.Method == PaymentMethod.Cheque).WithMessage("Banque du chèque obligatoire.");
            RuleFor(r => r.TransferReference).MaximumLength(140);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/marina/holders/{holderId}/payments", async Task<Ok<CustomerAccountView>> (
            string holderId, CounterPaymentRequest request, ICallerContext caller, HttpContext http, IBillingService billing, IOfficeCalendars calendars, CancellationToken ct) =>
        {
            // Read from the log, not the account's read model: the invoice may have been issued a moment ago (a service invoice, then
            // its cheque at the counter). Another holder's invoice is not on this account: 404.
            var invoice = await billing.GetCustomerPaymentRequestAsync(caller.TenantId, holderId, request.InvoiceId, ct)
                ?? throw new NotFoundException("Cette facture n'est pas sur le compte de ce plaisancier.");
            if (request.Amount > invoice.Amount)
            {
                throw new DomainRuleViolation("payment.exceeds-balance",
                    $"Le solde de la facture {invoice.Reference} est de {BuildingBlocks.Money.Euros.Format(invoice.Amount)} : le règlement ne peut pas le dépasser.");
            }

            var key = http.Request.Headers[Idempotency.HeaderName].ToString();
            var paymentId = string.IsNullOrEmpty(key)
                ? Guid.NewGuid().ToString("N")
                : DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"marina-payment/{caller.TenantId}/{holderId}/{key}").ToString("N");
            var details = request.Method == PaymentMethod.Cheque
                ? new PaymentDetails(PaymentMethod.Cheque, ChequeNumber: request.ChequeNumber, Bank: request.Bank)
                : new PaymentDetails(PaymentMethod.BankTransfer, TransferReference: request.TransferReference);
            await billing.RecordPaymentAsync(caller.TenantId, new RecordPaymentRequest(paymentId, holderId, details, request.Amount,
                request.ReceivedOn ?? await calendars.TodayAsync(caller.TenantId, ct), [new PaymentAllocationRequest(invoice.InvoiceId, request.Amount)]), ct);
            return TypedResults.Ok(await billing.GetCustomerAccountAsync(caller.TenantId, holderId, ct));
        }).RequireAuthorization("office-staff").Validate<CounterPaymentRequest>().Idempotent()
          .WithTags("Marina — berth holders").WithName("MarinaRecordCounterPayment")
          .WithSummary("Records a cheque or transfer received at the harbour office against one invoice (partial payments allowed); returns the account.");
}
