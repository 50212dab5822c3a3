using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Bookings.GroupBookings.Billing;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings.Confirming;

/// <summary>Staff record a cheque, transfer or cash payment of the deposit or of the balance: billing records it against the right
/// invoice; once the invoice is paid in full the booking moves on (deposit → confirmed; balance → settled, vouchers sent). A payment
/// counts only once received (Zonza 6.2).</summary>
internal static class RecordPayment
{
    internal enum PaymentFor
    {
        Deposit,
        Balance,
    }

    /// <summary><paramref name="Method"/>: billing's payment methods <c>cheque</c>, <c>bankTransfer</c> or <c>cash</c>.</summary>
    internal sealed record Request(PaymentFor For, PaymentMethod Method, long Amount, DateOnly? ReceivedOn, string? Reference, string? Bank);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Method).Must(m => m is PaymentMethod.Cheque or PaymentMethod.BankTransfer or PaymentMethod.Cash)
                .WithMessage("Un acompte ou un solde se règle ici par chèque (cheque), virement (bankTransfer) ou espèces (cash).");
            RuleFor(r => r.Amount).GreaterThan(0).WithMessage("Le montant est en centimes et doit être positif.");
            RuleFor(r => r.Reference).MaximumLength(140);
            RuleFor(r => r.Bank).MaximumLength(100);
            RuleFor(r => r.Reference).NotEmpty().When(r => r.Method == PaymentMethod.Cheque).WithMessage("Indiquez le numéro du chèque.");
            RuleFor(r => r.Bank).NotEmpty().When(r => r.Method == PaymentMethod.Cheque).WithMessage("Indiquez la banque du chèque.");
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        GroupBookingRoutes.Staff(app).MapPost("/{bookingId}/payments", Handle).RequireAuthorization("office-staff").Validate<Request>().Idempotent()
            .WithName("RecordGroupBookingPayment").WithSummary("Records the deposit or the balance received (cheque, transfer, cash) in billing.");

    internal static async Task<Ok<GroupBookingView>> Handle(string bookingId, Request r, ICallerContext caller, HttpContext http, GroupBookingStore store,
        BookingBilling billing, InvoiceSettlement settlement, IOfficeCalendars calendars, CancellationToken ct)
    {
        var s = (await store.LoadAsync(caller.TenantId, bookingId, ct)).State;
        var final = r.For == PaymentFor.Balance;
        var invoiceId = (final ? s.FinalInvoiceId : s.DepositInvoiceId) ?? throw new DomainRuleViolation(
            "booking.not-invoiced", final ? "La facture du solde n'est pas encore émise." : "La facture d'acompte n'est pas encore émise (le devis est-il signé ?).",
            isConflict: true);
        if (final ? s.BalanceReceived : s.DepositReceived)
        {
            throw new DomainRuleViolation("booking.already-paid", final ? "Le solde est déjà réglé." : "L'acompte est déjà réglé.", isConflict: true);
        }

        var on = r.ReceivedOn ?? await calendars.TodayAsync(caller.TenantId, ct);
        var key = http.Request.Headers[Idempotency.HeaderName].ToString();
        var paymentId = string.IsNullOrEmpty(key)
            ? Guid.NewGuid().ToString("N")
            : DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"bookings-payment/{caller.TenantId}/{bookingId}/{key}").ToString("N");
        var details = r.Method switch
        {
            PaymentMethod.Cheque => new PaymentDetails(PaymentMethod.Cheque, ChequeNumber: r.Reference, Bank: r.Bank),
            PaymentMethod.BankTransfer => new PaymentDetails(PaymentMethod.BankTransfer, TransferReference: r.Reference),
            _ => new PaymentDetails(PaymentMethod.Cash),
        };
        var balance = await billing.BalanceAsync(caller.TenantId, invoiceId, ct) ?? 0;
        await billing.RecordPaymentAsync(caller.TenantId, s.Customer!.CustomerId, paymentId, invoiceId, r.Amount, details, on, balance, ct);
        await settlement.CheckAsync(caller.TenantId, bookingId, invoiceId, final, on, caller.ForRequest(http) with { Expected = null }, ct);
        var loaded = await store.LoadAsync(caller.TenantId, bookingId, ct);
        http.Response.SetRevision(loaded.Revision);
        return TypedResults.Ok(GroupBookingView.From(loaded.State, loaded.Revision));
    }
}
