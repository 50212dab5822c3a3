using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Subscriptions.Subscriptions;

namespace Monolith.Modules.Subscriptions.Billing;

/// <summary>Issues the invoice of each period through billing (activation → period 1, renewal → period n), then attaches it to the
/// subscription. Idempotent twice over: billing returns the invoice already issued for the same source reference, and the attach
/// command's event ids derive from the triggering event.</summary>
internal sealed class SubscriptionInvoicingReactor : IReactor
{
    public string Name => "subscriptions.invoicing";

    public bool Handles(string eventType) => eventType is "subscriptions.subscription-activated" or "subscriptions.subscription-renewed";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct)
    {
        if (scopedServices.GetService<ISubscriptionBilling>() is not { } billing)
        {
            return; // no billing adapter registered in this host
        }

        var decoded = await scopedServices.GetRequiredService<IEventDecoder>().DecodeAsync(e, ct);
        var (subscriptionId, period) = decoded switch
        {
            SubscriptionActivated a => (a.SubscriptionId, 1),
            SubscriptionRenewed r => (r.SubscriptionId, r.Period),
            _ => (null, 0),
        };
        if (subscriptionId is null)
        {
            return;
        }

        var tenant = e.Metadata.TenantId;
        var handler = scopedServices.GetRequiredService<CommandHandler>();
        var state = (await handler.LoadAsync(Subscription.Decider, Subscription.StreamId(subscriptionId), tenant, ct: ct)).State;
        var p = state.Periods.FirstOrDefault(x => x.Number == period);
        if (p is null || p.InvoiceId is not null || p.Cancelled || state.Status == SubscriptionStatus.Cancelled)
        {
            return;
        }

        var today = OfficeCalendar.DateOf(scopedServices.GetRequiredService<TimeProvider>().GetUtcNow(), state.TimeZone);
        var label = string.Create(
            CultureInfo.InvariantCulture,
            $"Abonnement {state.Offer!.OfferName} ({state.Offer.MaxUsers} utilisateurs) du {p.Start:dd/MM/yyyy} au {p.End:dd/MM/yyyy}");
        var invoice = await billing.IssueAsync(
            tenant,
            new SubscriptionInvoiceRequest(
                subscriptionId, period, state.CustomerId!, state.Organisation!, state.Manager?.Email, label, p.PriceTtc, p.VatRateBasisPoints, p.Start,
                Math.Max(0, p.PaymentDueBy.DayNumber - today.DayNumber)),
            ct);
        await handler.HandleAsync(
            Subscription.Decider,
            Subscription.StreamId(subscriptionId),
            new AttachInvoice(period, invoice.InvoiceId, invoice.Number, invoice.TotalTtc, e.RecordedAt),
            CommandContexts.ForSystem(tenant, "subscriptions", e.EventId, DeterministicGuid.Create(e.EventId, "attach-invoice")),
            CommandOptions.ExistingStream,
            ct);
    }
}
