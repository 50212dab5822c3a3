using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Subscriptions.Contracts;

namespace Monolith.Modules.Subscriptions.Subscriptions.SubscriberNumbers;

/// <summary>GET <c>/api/subscriptions/subscriber-numbers/{number}</c> (office staff): is this number valid and active on a date (default
/// the office's today), for which organisation? The same answer <see cref="ISubscriberDirectory"/> gives other modules.</summary>
internal static class CheckSubscriberNumberEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        SubscriptionRoutes.Staff(app).MapGet("/subscriber-numbers/{number}", async Task<Ok<SubscriberCheck>> (string number, DateOnly? on, ICallerContext caller, ISubscriberDirectory directory,
            IOfficeCalendars calendars, CancellationToken ct) =>
        {
            var day = on ?? (await calendars.ForAsync(caller.TenantId, ct)).Today;
            return TypedResults.Ok(await directory.CheckAsync(caller.TenantId, number, day, ct));
        }).RequireAuthorization("office-staff").WithSummary("Is this subscriber number valid and active on a date (default today), for which organisation?");
}
