using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Ticketing.Shows.Creating;

namespace Monolith.Modules.Ticketing.Shows.Catalogue;

/// <summary>Read model <c>ticketing_shows</c> and the catalogue endpoints (staff list, one show; buyers see the same through the public
/// route of their office).</summary>
internal sealed class ShowCatalogueProjection : IProjection
{
    public string Name => "ticketing.shows";

    public bool Handles(string eventType) => eventType == "ticketing.show-created";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        if (await ctx.DecodeAsync(e, ct) is not ShowCreated s)
        {
            return;
        }

        await ctx.Connection.ExecuteAsync(
            """
            INSERT INTO ticketing_shows (office_id, show_id, name, kind, organiser, organiser_is_partner, vat_rate_bp, handling_fee,
                max_seats_per_person, max_seats_per_order, nominative, created_at)
            VALUES (@office, @ShowId, @Name, @kind, @organiser, @partner, @VatBasisPoints, @HandlingFeePerTicket, @MaxSeatsPerPerson,
                @MaxSeatsPerOrder, @Nominative, @at)
            ON CONFLICT (office_id, show_id) DO NOTHING
            """,
            new
            {
                office = e.Metadata.TenantId,
                s.ShowId,
                s.Name,
                kind = s.Kind.ToString(),
                organiser = s.Organiser.Name,
                partner = s.Organiser.IsPartner ? 1 : 0,
                s.VatBasisPoints,
                s.HandlingFeePerTicket,
                s.MaxSeatsPerPerson,
                s.MaxSeatsPerOrder,
                Nominative = s.Nominative ? 1 : 0,
                at = s.At.ToString("O", CultureInfo.InvariantCulture),
            },
            ctx.Transaction);
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM ticketing_shows", transaction: ctx.Transaction);
}

internal static class ShowCatalogue
{
    public sealed record ShowListItem(string ShowId, string Name, string Kind, string Organiser, bool OrganiserIsPartner, VatRate VatRate, long HandlingFee) : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ticketing/shows", ListAsync).RequireAuthorization(PlatformPolicies.OfficeRead)
            .WithTags("Ticketing — catalogue").WithName("ListTicketingShows").WithCsvExport().WithListFilter<ShowKind>("kind").WithListSort(Sorts, "name")
            .WithSummary("Shows and activities (paged): search by name or organiser (accents ignored); kind, partner organiser; sort; CSV.");
        app.MapGet("/api/ticketing/shows/{showId}", GetAsync).RequireAuthorization(PlatformPolicies.OfficeRead)
            .WithTags("Ticketing — catalogue").WithName("GetTicketingShow");
        app.MapGet("/api/ticketing/public/{officeId}/shows/{showId}", GetPublicAsync).AllowAnonymous()
            .WithTags("Ticketing — buyers").WithName("GetPublicTicketingShow").WithSummary("A show's rates, prices and fees, for buyers.");
    }

    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["name"] = "LOWER(t.name)",
        ["organiser"] = "LOWER(t.organiser)",
        ["kind"] = "t.kind",
        ["createdAt"] = "t.created_at",
    };

    internal static async Task<Results<Ok<Paged<ShowListItem>>, FileContentHttpResult>> ListAsync(
        string? q, string? kind, bool? partner, string? sort, int? page, int? pageSize, string? format, ICallerContext caller, HttpContext http,
        IReadModelDatabase connections, CancellationToken ct)
    {
        var args = new
        {
            office = caller.TenantId,
            q = ListSearch.Pattern(q),
            kind = ListFilters.Enum<ShowKind>(kind, "kind")?.ToString(),
            partner = partner is { } p ? (p ? 1 : 0) : (int?)null,
        };
        var orderBy = ListSort.OrderBy(sort, Sorts, "name", "t.show_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<ShowRow>(
            connection,
            """
            t.show_id AS ShowId, t.name AS Name, t.kind AS Kind, t.organiser AS Organiser, t.organiser_is_partner AS OrganiserIsPartner,
            t.vat_rate_bp AS VatRateBp, t.handling_fee AS HandlingFee
            """,
            $"""
            FROM ticketing_shows t LEFT JOIN ticketing_show_search s ON s.office_id = t.office_id AND s.show_id = t.show_id
            WHERE t.office_id = @office AND (@kind IS NULL OR t.kind = @kind) AND (@partner IS NULL OR t.organiser_is_partner = @partner)
              AND {ListSearch.Condition("s.search_text")}
            """,
            orderBy,
            args,
            page,
            pageSize,
            csv);
        var items = rows.Map(r => r.ToItem());
        return csv ? CsvExport.File(items.Items, CsvColumns, "spectacles") : TypedResults.Ok(items);
    }

    private static readonly IReadOnlyList<CsvColumn<ShowListItem>> CsvColumns =
    [
        CsvColumn<ShowListItem>.Text("Code", r => r.ShowId),
        CsvColumn<ShowListItem>.Text("Spectacle ou activité", r => r.Name),
        CsvColumn<ShowListItem>.Text("Type", r => r.Kind),
        CsvColumn<ShowListItem>.Text("Organisateur", r => r.Organiser),
        CsvColumn<ShowListItem>.Text("Partenaire", r => r.OrganiserIsPartner ? "oui" : "non"),
        CsvColumn<ShowListItem>.Euros("Frais de location par billet (€)", r => r.HandlingFee),
    ];

    /// <summary>A row as stored (integers whatever width the engine returns: Dapper converts into properties).</summary>
    private sealed class ShowRow
    {
        public string ShowId { get; set; } = "";

        public string Name { get; set; } = "";

        public string Kind { get; set; } = "";

        public string Organiser { get; set; } = "";

        public long OrganiserIsPartner { get; set; }

        public long VatRateBp { get; set; }

        public long HandlingFee { get; set; }

        public ShowListItem ToItem() => new(ShowId, Name, Kind, Organiser, OrganiserIsPartner != 0, VatRate.Of((int)VatRateBp), HandlingFee);
    }

    internal static async Task<Results<Ok<CreateShowEndpoint.ShowView>, NotFound>> GetAsync(string showId, ICallerContext caller, CommandHandler handler, CancellationToken ct) =>
        await LoadAsync(caller.TenantId, showId, handler, ct);

    internal static async Task<Results<Ok<CreateShowEndpoint.ShowView>, NotFound>> GetPublicAsync(string officeId, string showId, CommandHandler handler, CancellationToken ct) =>
        await LoadAsync(officeId, showId, handler, ct);

    private static async Task<Results<Ok<CreateShowEndpoint.ShowView>, NotFound>> LoadAsync(string officeId, string showId, CommandHandler handler, CancellationToken ct)
    {
        var show = await handler.LoadAsync(Show.Decider, Show.StreamId(showId), officeId, ct: ct);
        return show.State.Definition is { } s ? TypedResults.Ok(CreateShowEndpoint.ToView(s)) : TypedResults.NotFound();
    }
}
