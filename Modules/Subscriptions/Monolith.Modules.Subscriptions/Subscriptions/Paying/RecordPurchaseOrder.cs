using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Subscriptions.Subscriptions.Paying;

internal sealed record PurchaseOrderRequest(string Reference, DateOnly? ReceivedOn, int? Period);

internal sealed class PurchaseOrderRequestValidator : AbstractValidator<PurchaseOrderRequest>
{
    public PurchaseOrderRequestValidator()
    {
        RuleFor(r => r.Reference).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Period).GreaterThan(0).When(r => r.Period is not null);
    }
}

/// <summary>POST <c>/api/subscriptions/{id}/purchase-order</c> (office staff): records the administrative purchase order of a period
/// (default: the latest still standing); the payment deadline no longer cancels it.</summary>
internal static class RecordPurchaseOrderEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        SubscriptionRoutes.Staff(app).MapPost("/{subscriptionId}/purchase-order", async (string subscriptionId, PurchaseOrderRequest request, ICallerContext caller,
            HttpContext http, SubscriptionStream subscriptions, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var (state, today) = await subscriptions.LoadAsync(caller.TenantId, subscriptionId, ct);
            var period = request.Period ?? state.LastPeriod?.Number ?? 1;
            var result = await handler.HandleAsync(
                Subscription.Decider, Subscription.StreamId(subscriptionId),
                new RecordPurchaseOrder(period, request.Reference, request.ReceivedOn ?? today, time.GetUtcNow()), caller.ForRequest(http),
                CommandOptions.ExistingStream, ct);
            return Revisioned.Ok(http, SubscriptionResponse.From(result.State), result.Revision);
        }).RequireAuthorization("office-staff").Validate<PurchaseOrderRequest>().Idempotent()
          .WithSummary("Records the administrative purchase order of a period (default: the latest): the payment deadline no longer cancels it.");
}
