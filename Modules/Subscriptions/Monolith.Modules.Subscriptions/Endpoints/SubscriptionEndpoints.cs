using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Subscriptions.Contracts;
using Monolith.Modules.Subscriptions.ReadModels;
using Monolith.Modules.Subscriptions.Subscriptions;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Subscriptions.Endpoints;

/// <summary>Sign-up (anonymous, or as a signed-in portal customer), the manager's portal (users, renewal), the users' own subscriber
/// numbers, and the office staff's views and actions (lists, purchase order, user changes, subscriber-number check).</summary>
internal static class SubscriptionEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        MapSignUp(app);
        MapPortal(app);
        MapStaff(app);
    }

    private static void MapSignUp(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/public/offices/{officeId}/subscriptions", async (string officeId, SubscribeRequest request, SubscriptionService service, HttpContext http, CancellationToken ct) =>
        {
            var context = new CommandContext(officeId, "subscriptions.online-sign-up", Guid.NewGuid());
            var result = await SubscribeAsync(service, officeId, request, null, context, ct);
            return Results.Created($"/api/portal/subscriptions/{result.State.SubscriptionId}", SubscriptionResponse.From(result.State)).WithRevision(result.Revision);
        }).AllowAnonymous().Validate<SubscribeRequest>().Idempotent().WithTags("Subscriptions")
          .WithSummary("Online subscription by a new organisation: creates the manager's and users' portal accounts; active at once for one year.");

        app.MapPost("/api/portal/subscriptions", async (SubscribeRequest request, ICallerContext caller, HttpContext http, SubscriptionService service, CancellationToken ct) =>
        {
            var result = await SubscribeAsync(service, caller.TenantId, request, new SubscriptionService.SignedInCustomer(caller.UserId, caller.CustomerId!), caller.ForRequest(http), ct);
            return Results.Created($"/api/portal/subscriptions/{result.State.SubscriptionId}", SubscriptionResponse.From(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("customer").Validate<SubscribeRequest>().Idempotent().WithTags("Subscriptions portal")
          .WithSummary("Online subscription by a signed-in customer, who becomes the manager (their customer id is the organisation's).");
    }

    private static void MapPortal(IEndpointRouteBuilder app)
    {
        var portal = app.MapGroup("/api/portal").WithTags("Subscriptions portal").RequireAuthorization("customer");

        portal.MapGet("/subscriptions", async (ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            var rows = await connection.QueryAsync<ListRow>(
                $"{ListSelect} WHERE office_id = @tenant AND manager_account_id = @user ORDER BY end_date DESC",
                new { tenant = caller.TenantId, user = caller.UserId });
            return Results.Ok(rows.Select(r => r.ToItem()));
        }).WithSummary("The subscriptions the caller manages.");

        portal.MapGet("/subscriptions/{subscriptionId}", async (string subscriptionId, ICallerContext caller, CommandHandler handler, CancellationToken ct) =>
        {
            var loaded = await LoadManagedAsync(handler, caller, subscriptionId, ct);
            return Results.Ok(SubscriptionResponse.From(loaded.State)).WithRevision(loaded.Revision);
        }).WithSummary("A subscription the caller manages (404 otherwise); its ETag is the revision for If-Match.");

        portal.MapPost("/subscriptions/{subscriptionId}/users", async (string subscriptionId, PersonRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, SubscriptionService service, CancellationToken ct) =>
        {
            await LoadManagedAsync(handler, caller, subscriptionId, ct);
            var result = await service.AddUserAsync(caller.TenantId, subscriptionId, Person(request), caller.ForRequest(http), ct);
            return Results.Ok(SubscriptionResponse.From(result.State)).WithRevision(result.Revision);
        }).Validate<PersonRequest>().Idempotent().WithSummary("The manager adds a user (never above the offer's limit); the user receives their credentials and number.");

        portal.MapPut("/subscriptions/{subscriptionId}/users/{accountId}", async (string subscriptionId, string accountId, PersonRequest request, ICallerContext caller,
            HttpContext http, CommandHandler handler, SubscriptionService service, CancellationToken ct) =>
        {
            await LoadManagedAsync(handler, caller, subscriptionId, ct);
            var result = await service.ReplaceUserAsync(caller.TenantId, subscriptionId, accountId, Person(request), caller.ForRequest(http), ct);
            return Results.Ok(SubscriptionResponse.From(result.State)).WithRevision(result.Revision);
        }).Validate<PersonRequest>().Idempotent().WithSummary("The manager replaces a user by another person (the old number stops, the new user gets one).");

        portal.MapDelete("/subscriptions/{subscriptionId}/users/{accountId}", async (string subscriptionId, string accountId, ICallerContext caller, HttpContext http,
            CommandHandler handler, SubscriptionService service, CancellationToken ct) =>
        {
            await LoadManagedAsync(handler, caller, subscriptionId, ct);
            var result = await service.RemoveUserAsync(caller.TenantId, subscriptionId, accountId, caller.ForRequest(http), ct);
            return Results.Ok(SubscriptionResponse.From(result.State)).WithRevision(result.Revision);
        }).Idempotent().WithSummary("The manager removes a user: their subscriber number stops giving benefits that day.");

        portal.MapPost("/subscriptions/{subscriptionId}/renewal", async (string subscriptionId, ICallerContext caller, HttpContext http, CommandHandler handler,
            SubscriptionService service, CancellationToken ct) =>
        {
            await LoadManagedAsync(handler, caller, subscriptionId, ct);
            var result = await service.RenewAsync(caller.TenantId, subscriptionId, caller.ForRequest(http), ct);
            return Results.Ok(SubscriptionResponse.From(result.State)).WithRevision(result.Revision);
        }).Idempotent().WithSummary("The manager renews for one more year, starting the day after the current end (no day lost); never automatic.");

        portal.MapGet("/subscriber-numbers", async (ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            var rows = await connection.QueryAsync<NumberRow>(
                """
                SELECT u.subscriber_number AS SubscriberNumber, u.subscription_id AS SubscriptionId, s.organisation_name AS Organisation,
                       s.status AS Status, s.end_date AS EndDate
                FROM subscriptions_users u JOIN subscriptions_subscriptions s ON s.subscription_id = u.subscription_id
                WHERE u.office_id = @tenant AND u.account_id = @user AND u.removed_on IS NULL ORDER BY s.end_date DESC
                """,
                new { tenant = caller.TenantId, user = caller.UserId });
            return Results.Ok(rows);
        }).WithSummary("The caller's own subscriber numbers (a user sees theirs after signing in).");
    }

    private static void MapStaff(IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/subscriptions").WithTags("Subscriptions");

        staff.MapGet("/", async (string? status, DateOnly? endingBefore, ICallerContext caller, SqliteConnectionFactory connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            var rows = await connection.QueryAsync<ListRow>(
                $"""
                {ListSelect} WHERE office_id = @tenant
                {(status is null ? string.Empty : "AND status = @status")}
                {(endingBefore is null ? string.Empty : "AND end_date < @endingBefore")}
                ORDER BY end_date
                """,
                new { tenant = caller.TenantId, status, endingBefore = endingBefore is { } d ? SubscriptionsProjection.D(d) : null });
            return Results.Ok(rows.Select(r => r.ToItem()));
        }).RequireAuthorization("office-read").WithSummary("Subscriptions by state (active, cancelled, expired) and end date.");

        staff.MapGet("/renewals", async (int? withinDays, ICallerContext caller, SqliteConnectionFactory connections, IOfficeCalendars calendars, CancellationToken ct) =>
        {
            var from = (await calendars.ForAsync(caller.TenantId, ct)).Today;
            await using var connection = await connections.OpenAsync(ct);
            var rows = await connection.QueryAsync<ListRow>(
                $"{ListSelect} WHERE office_id = @tenant AND status = 'active' AND end_date >= @from AND end_date <= @to ORDER BY end_date",
                new { tenant = caller.TenantId, from = SubscriptionsProjection.D(from), to = SubscriptionsProjection.D(from.AddDays(withinDays ?? 60)) });
            return Results.Ok(rows.Select(r => r.ToItem()));
        }).RequireAuthorization("office-read").WithSummary("Upcoming renewals: active subscriptions ending within the next days (default 60).");

        staff.MapGet("/{subscriptionId}", async (string subscriptionId, ICallerContext caller, CommandHandler handler, CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(Subscription.Decider, Subscription.StreamId(subscriptionId), caller.TenantId, mustExist: true, ct);
            return Results.Ok(SubscriptionResponse.From(loaded.State)).WithRevision(loaded.Revision);
        }).RequireAuthorization("office-read");

        staff.MapPost("/{subscriptionId}/purchase-order", async (string subscriptionId, PurchaseOrderRequest request, ICallerContext caller, HttpContext http,
            SubscriptionService service, CancellationToken ct) =>
        {
            var result = await service.RecordPurchaseOrderAsync(caller.TenantId, subscriptionId, request.Period, request.Reference, request.ReceivedOn, caller.ForRequest(http), ct);
            return Results.Ok(SubscriptionResponse.From(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-staff").Validate<PurchaseOrderRequest>().Idempotent()
          .WithSummary("Records the administrative purchase order of a period (default: the latest): the payment deadline no longer cancels it.");

        staff.MapPost("/{subscriptionId}/users", async (string subscriptionId, PersonRequest request, ICallerContext caller, HttpContext http,
            SubscriptionService service, CancellationToken ct) =>
        {
            var result = await service.AddUserAsync(caller.TenantId, subscriptionId, Person(request), caller.ForRequest(http), ct);
            return Results.Ok(SubscriptionResponse.From(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-staff").Validate<PersonRequest>().Idempotent();

        staff.MapPut("/{subscriptionId}/users/{accountId}", async (string subscriptionId, string accountId, PersonRequest request, ICallerContext caller,
            HttpContext http, SubscriptionService service, CancellationToken ct) =>
        {
            var result = await service.ReplaceUserAsync(caller.TenantId, subscriptionId, accountId, Person(request), caller.ForRequest(http), ct);
            return Results.Ok(SubscriptionResponse.From(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-staff").Validate<PersonRequest>().Idempotent();

        staff.MapDelete("/{subscriptionId}/users/{accountId}", async (string subscriptionId, string accountId, ICallerContext caller, HttpContext http,
            SubscriptionService service, CancellationToken ct) =>
        {
            var result = await service.RemoveUserAsync(caller.TenantId, subscriptionId, accountId, caller.ForRequest(http), ct);
            return Results.Ok(SubscriptionResponse.From(result.State)).WithRevision(result.Revision);
        }).RequireAuthorization("office-staff").Idempotent();

        staff.MapGet("/subscriber-numbers/{number}", async (string number, DateOnly? on, ICallerContext caller, ISubscriberDirectory directory,
            IOfficeCalendars calendars, CancellationToken ct) =>
        {
            var day = on ?? (await calendars.ForAsync(caller.TenantId, ct)).Today;
            return Results.Ok(await directory.CheckAsync(caller.TenantId, number, day, ct));
        }).RequireAuthorization("office-staff").WithSummary("Is this subscriber number valid and active on a date (default today), for which organisation?");
    }

    private const string ListSelect =
        """
        SELECT subscription_id AS SubscriptionId, customer_id AS CustomerId, organisation_name AS Organisation, offer_name AS OfferName,
               max_users AS MaxUsers, user_count AS UserCount, status AS Status, start_date AS StartDate, end_date AS EndDate, closed_on AS ClosedOn,
               manager_name AS ManagerName
        FROM subscriptions_subscriptions
        """;

    private static async Task<CommandResult<SubscriptionEvent, SubscriptionState>> SubscribeAsync(
        SubscriptionService service, string tenantId, SubscribeRequest r, SubscriptionService.SignedInCustomer? signedIn, CommandContext context, CancellationToken ct) =>
        await service.SubscribeAsync(
            tenantId,
            r.OfferId,
            new SubscriptionService.OrganisationInput(r.Organisation.Name, r.Organisation.Street, r.Organisation.PostalCode, r.Organisation.City,
                r.Organisation.Country, r.Organisation.Siren, r.Organisation.VatNumber),
            Person(r.Manager),
            [.. r.Users.Select(Person)],
            signedIn,
            context,
            ct);

    private static SubscriptionService.PersonInput Person(PersonRequest p) => new(p.Name, p.Email);

    /// <summary>The subscription if the caller is its manager; anything else is 404 (a customer sees only their own records).</summary>
    private static async Task<Monolith.BuildingBlocks.Deciders.StreamState<SubscriptionState>> LoadManagedAsync(
        CommandHandler handler, ICallerContext caller, string subscriptionId, CancellationToken ct)
    {
        var loaded = await handler.LoadAsync(Subscription.Decider, Subscription.StreamId(subscriptionId), caller.TenantId, mustExist: true, ct);
        if (loaded.State.Manager?.AccountId != caller.UserId)
        {
            throw new NotFoundException($"Subscription '{subscriptionId}' was not found.");
        }

        return loaded;
    }

    private sealed record ListRow(
        string SubscriptionId, string CustomerId, string Organisation, string OfferName, long MaxUsers, long UserCount, string Status, string StartDate,
        string EndDate, string? ClosedOn, string? ManagerName)
    {
        public object ToItem() => new
        {
            SubscriptionId,
            CustomerId,
            Organisation,
            OfferName,
            MaxUsers,
            UserCount,
            Status,
            StartDate = SubscriptionsProjection.ParseDate(StartDate),
            EndDate = SubscriptionsProjection.ParseDate(EndDate),
            ClosedOn = ClosedOn is null ? (DateOnly?)null : SubscriptionsProjection.ParseDate(ClosedOn),
            ManagerName,
        };
    }

    private sealed record NumberRow(string SubscriberNumber, string SubscriptionId, string Organisation, string Status, string EndDate);
}
