using System.Globalization;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Facts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Subscriptions.Contracts.Facts;
using Monolith.Modules.Subscriptions.Subscriptions;
using SubscriptionCancelled = Monolith.Modules.Subscriptions.Contracts.Facts.SubscriptionCancelled;

namespace Monolith.Modules.Subscriptions.Billing;

/// <summary>A subscription was cancelled (its published fact, e.g. for non-payment) → each of its invoices not paid is cancelled by a
/// credit note through billing's <see cref="IBillingCreditNotes"/> (CGI 289-I-5: a cancelled sale is corrected by a credit note, never by
/// deleting the invoice), so the customer account goes back to zero and the sale leaves the FEC's balance. A renewal cancelled for
/// non-payment (<see cref="SubscriptionRenewalCancelled"/>) cancels that period's invoice the same way (registered under its own reactor
/// name). The credit note's key derives from the fact's id and the invoice: a replayed fact issues nothing twice. A refusal (part
/// already credited by hand) is logged.</summary>
internal sealed partial class CreditInvoiceOnSubscriptionCancelled(
    CommandHandler handler, IBillingCreditNotes creditNotes, ILogger<CreditInvoiceOnSubscriptionCancelled> logger)
    : IReactTo<SubscriptionCancelled>, IReactTo<SubscriptionRenewalCancelled>
{
    public Task ReactAsync(SubscriptionCancelled fact, FactContext context, CancellationToken ct) =>
        CreditAsync(fact.SubscriptionId, fact.Reason, _ => true, context, ct);

    public Task ReactAsync(SubscriptionRenewalCancelled fact, FactContext context, CancellationToken ct) =>
        CreditAsync(fact.SubscriptionId, fact.Reason, p => p.Number == fact.Period, context, ct);

    private async Task CreditAsync(string subscriptionId, string reason, Func<SubscriptionPeriod, bool> concerned, FactContext context, CancellationToken ct)
    {
        var state = (await handler.LoadAsync(Subscription.Decider, Subscription.StreamId(subscriptionId), context.TenantId, ct: ct)).State;
        foreach (var period in state.Periods.Where(p => p.InvoiceId is not null && !p.Settled && concerned(p)))
        {
            try
            {
                await creditNotes.CancelInvoiceAsync(
                    context.TenantId,
                    new CancelInvoiceRequest(
                        context.Id($"credit-note/{period.InvoiceId}").ToString("N"),
                        period.InvoiceId!,
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"Annulation {(period.Number == 1 ? "de l'abonnement" : "du renouvellement de l'abonnement")} {state.Offer?.OfferName} (période du {period.Start:dd/MM/yyyy} au {period.End:dd/MM/yyyy}) : {Reason(reason)}")),
                    ct);
            }
            catch (DomainRuleViolation violation)
            {
                LogRefused(logger, subscriptionId, period.InvoiceId!, violation.Code, violation.Message);
            }
        }
    }

    private static string Reason(string reason) => reason == Subscription.NonPaymentReason ? "défaut de paiement à l'échéance" : reason;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} cancelled: its invoice {InvoiceId} was not credited ({Code}: {Reason})")]
    private static partial void LogRefused(ILogger logger, string subscriptionId, string invoiceId, string code, string reason);
}
