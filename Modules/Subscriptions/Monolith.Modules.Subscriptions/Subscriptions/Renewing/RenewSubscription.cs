using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Subscriptions.Offers;

namespace Monolith.Modules.Subscriptions.Subscriptions.Renewing;

/// <summary>POST <c>/api/portal/subscriptions/{id}/renewal</c> (the manager): one more year from the day after the current end (no day
/// lost); never automatic.</summary>
internal static class RenewSubscriptionEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        SubscriptionRoutes.Portal(app).MapPost("/subscriptions/{subscriptionId}/renewal", async (string subscriptionId, ICallerContext caller, HttpContext http,
            SubscriptionStream subscriptions, CommandHandler handler, IOfficeDirectory offices, TimeProvider time, CancellationToken ct) =>
        {
            await subscriptions.LoadManagedAsync(caller, subscriptionId, ct);
            var result = await RenewAsync(handler, subscriptions, offices, time, caller.TenantId, subscriptionId, caller.ForRequest(http), ct);
            return Revisioned.Ok(http, SubscriptionResponse.From(result.State), result.Revision);
        }).Idempotent().WithSummary("The manager renews for one more year, starting the day after the current end (no day lost); never automatic.");

    /// <summary>Renews at the offer's current price (the previous period's price if the offer was withdrawn meanwhile) and with the
    /// office's settings in force today.</summary>
    private static async Task<CommandResult<SubscriptionEvent, SubscriptionState>> RenewAsync(
        CommandHandler handler, SubscriptionStream subscriptions, IOfficeDirectory offices, TimeProvider time, string tenantId, string subscriptionId,
        CommandContext context, CancellationToken ct)
    {
        var (state, today) = await subscriptions.LoadAsync(tenantId, subscriptionId, ct);
        var offer = await handler.LoadAsync(Offer.Decider, Offer.StreamId(tenantId, state.Offer!.OfferId), tenantId, ct: ct);
        var (price, vat) = offer.State.Available
            ? (offer.State.PriceTtc, offer.State.VatRateBasisPoints)
            : (state.LastPeriod?.PriceTtc ?? state.Offer.PriceTtc, state.LastPeriod?.VatRateBasisPoints ?? state.Offer.VatRateBasisPoints);
        var settings = await SubscriptionSettings.ForOfficeAsync(offices, tenantId, today, ct);
        return await handler.HandleAsync(
            Subscription.Decider, Subscription.StreamId(subscriptionId), new RenewSubscription(price, vat, today, settings.ForPeriod(), time.GetUtcNow()), context,
            CommandOptions.ExistingStream, ct);
    }
}
