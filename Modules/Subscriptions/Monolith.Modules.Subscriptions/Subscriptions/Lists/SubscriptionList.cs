using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Subscriptions.Subscriptions.Lists;

/// <summary>The lists over <c>subscriptions_subscriptions</c>: GET <c>/api/portal/subscriptions</c> (the caller's own),
/// GET <c>/api/subscriptions</c> (by state and end date) and GET <c>/api/subscriptions/renewals</c> (ending within the next days, from the
/// office's today).</summary>
internal static class SubscriptionListEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        SubscriptionRoutes.Portal(app).MapGet("/subscriptions", async Task<Ok<Paged<SubscriptionListItem>>> (string? status, string? sort, int? page, int? pageSize,
            ICallerContext caller, IReadModelDatabase connections, CancellationToken ct) =>
        {
            var args = new { tenant = caller.TenantId, user = caller.UserId, status = ListFilters.OneOf(status, "status", Statuses) };
            var orderBy = ListSort.OrderBy(sort, PortalSorts, "-endDate", "subscription_id");
            await using var connection = await connections.OpenAsync(ct);
            var rows = await ListQuery.PageAsync<ListRow>(
                connection, ListColumns, "FROM subscriptions_subscriptions WHERE office_id = @tenant AND manager_account_id = @user AND (@status IS NULL OR status = @status)",
                orderBy, args, page, pageSize);
            return TypedResults.Ok(rows.Map(r => r.ToItem()));
        }).WithName("ListMySubscriptions").WithListFilter("status", Statuses).WithListSort(PortalSorts, "-endDate")
          .WithSummary("The subscriptions the caller manages (paged), latest end first: status; sort.");

        var staff = SubscriptionRoutes.Staff(app);
        staff.MapGet("/", ListAsync).RequireAuthorization("office-read").WithName("ListSubscriptions").WithCsvExport().WithListFilter("status", Statuses).WithListSort(Sorts, "endDate")
            .WithSummary("Subscriptions by state (active, cancelled, expired), end dates, offer, search by organisation (accents ignored); paged; CSV.");

        staff.MapGet("/renewals", async Task<Ok<Paged<SubscriptionListItem>>> (int? withinDays, int? page, int? pageSize, ICallerContext caller,
            IReadModelDatabase connections, IOfficeCalendars calendars, CancellationToken ct) =>
        {
            if (withinDays is < 0 or > 3660)
            {
                throw new BuildingBlocks.Http.RequestValidationException("withinDays", "Le nombre de jours doit être compris entre 0 et 3660.");
            }

            var from = (await calendars.ForAsync(caller.TenantId, ct)).Today;
            await using var connection = await connections.OpenAsync(ct);
            var rows = await ListQuery.PageAsync<ListRow>(
                connection, ListColumns, "FROM subscriptions_subscriptions WHERE office_id = @tenant AND status = 'active' AND end_date >= @from AND end_date <= @to",
                "end_date, subscription_id",
                new { tenant = caller.TenantId, from = SubscriptionsProjection.D(from), to = SubscriptionsProjection.D(from.AddDays(withinDays ?? 60)) },
                page,
                pageSize);
            return TypedResults.Ok(rows.Map(r => r.ToItem()));
        }).RequireAuthorization("office-read").WithName("ListSubscriptionRenewals")
          .WithSummary("Upcoming renewals (paged): active subscriptions ending within the next days (default 60), soonest first.");
    }

    internal static readonly string[] Statuses = ["active", "cancelled", "expired"];

    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["endDate"] = "t.end_date",
        ["startDate"] = "t.start_date",
        ["organisation"] = "COALESCE(s.search_text, LOWER(t.organisation_name), '')",
    };

    internal static async Task<Results<Ok<Paged<SubscriptionListItem>>, FileContentHttpResult>> ListAsync(
        string? status, DateOnly? endingBefore, DateOnly? endingFrom, string? offerId, string? q, string? sort, int? page, int? pageSize, string? format,
        ICallerContext caller, HttpContext http, IReadModelDatabase connections, CancellationToken ct)
    {
        var statusFilter = ListFilters.OneOf(status, "status", Statuses);
        if (endingFrom is { } first && endingBefore is { } before && first >= before)
        {
            throw new RequestValidationException("endingBefore", "« endingBefore » doit être postérieure à « endingFrom ».");
        }

        var pattern = ListSearch.Pattern(q);
        var orderBy = ListSort.OrderBy(sort, Sorts, "endDate", "t.subscription_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<ListRow>(
            connection,
            """
            t.subscription_id AS SubscriptionId, t.customer_id AS CustomerId, t.organisation_name AS Organisation, t.offer_name AS OfferName,
            t.max_users AS MaxUsers, t.user_count AS UserCount, t.status AS Status, t.start_date AS StartDate, t.end_date AS EndDate, t.closed_on AS ClosedOn,
            t.manager_name AS ManagerName
            """,
            """
            FROM subscriptions_subscriptions t LEFT JOIN subscriptions_subscription_search s ON s.subscription_id = t.subscription_id
            WHERE t.office_id = @tenant AND (@status IS NULL OR t.status = @status) AND (@endingBefore IS NULL OR t.end_date < @endingBefore)
              AND (@endingFrom IS NULL OR t.end_date >= @endingFrom) AND (@offerId IS NULL OR t.offer_id = @offerId)
              AND (@q IS NULL OR s.search_text LIKE @q ESCAPE '\')
            """,
            orderBy,
            new
            {
                tenant = caller.TenantId,
                status = statusFilter,
                endingBefore = endingBefore is { } d ? SubscriptionsProjection.D(d) : null,
                endingFrom = endingFrom is { } f ? SubscriptionsProjection.D(f) : null,
                offerId = ListFilters.Text(offerId),
                q = pattern,
            },
            page,
            pageSize,
            csv);
        var items = rows.Map(r => r.ToItem());
        return csv ? CsvExport.File(items.Items, CsvColumns, "abonnements") : TypedResults.Ok(items);
    }

    private static readonly IReadOnlyList<CsvColumn<SubscriptionListItem>> CsvColumns =
    [
        CsvColumn<SubscriptionListItem>.Text("N° abonnement", r => r.SubscriptionId),
        CsvColumn<SubscriptionListItem>.Text("Organisation", r => r.Organisation),
        CsvColumn<SubscriptionListItem>.Text("N° client", r => r.CustomerId),
        CsvColumn<SubscriptionListItem>.Text("Offre", r => r.OfferName),
        CsvColumn<SubscriptionListItem>.Number("Utilisateurs", r => r.UserCount),
        CsvColumn<SubscriptionListItem>.Number("Maximum", r => r.MaxUsers),
        CsvColumn<SubscriptionListItem>.Text("Statut", r => r.Status switch { "active" => "Actif", "cancelled" => "Résilié", "expired" => "Expiré", _ => r.Status }),
        CsvColumn<SubscriptionListItem>.Date("Début", r => r.StartDate),
        CsvColumn<SubscriptionListItem>.Date("Fin", r => r.EndDate),
        CsvColumn<SubscriptionListItem>.Date("Clos le", r => r.ClosedOn),
    ];

    private const string ListColumns =
        """
        subscription_id AS SubscriptionId, customer_id AS CustomerId, organisation_name AS Organisation, offer_name AS OfferName,
        max_users AS MaxUsers, user_count AS UserCount, status AS Status, start_date AS StartDate, end_date AS EndDate, closed_on AS ClosedOn,
        manager_name AS ManagerName
        """;

    private static readonly IReadOnlyDictionary<string, string> PortalSorts = new Dictionary<string, string>
    {
        ["endDate"] = "end_date",
        ["startDate"] = "start_date",
    };

    private sealed record ListRow(
        string SubscriptionId, string CustomerId, string Organisation, string OfferName, long MaxUsers, long UserCount, string Status, string StartDate,
        string EndDate, string? ClosedOn, string? ManagerName)
    {
        public SubscriptionListItem ToItem() => new(
            SubscriptionId,
            CustomerId,
            Organisation,
            OfferName,
            MaxUsers,
            UserCount,
            Status,
            SubscriptionsProjection.ParseDate(StartDate),
            SubscriptionsProjection.ParseDate(EndDate),
            ClosedOn is null ? null : SubscriptionsProjection.ParseDate(ClosedOn),
            ManagerName);
    }
}

/// <summary>A subscription of a list: its organisation, offer, users, state (<c>active</c>, <c>cancelled</c>, <c>expired</c>) and dates.</summary>
internal sealed record SubscriptionListItem(
    string SubscriptionId, string CustomerId, string Organisation, string OfferName, long MaxUsers, long UserCount, string Status, DateOnly StartDate,
    DateOnly EndDate, DateOnly? ClosedOn, string? ManagerName);
