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
                partner = s.Organiser.IsPartner,
                s.VatBasisPoints,
                s.HandlingFeePerTicket,
                s.MaxSeatsPerPerson,
                s.MaxSeatsPerOrder,
                s.Nominative,
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
            .WithTags("Ticketing — catalogue").WithName("ListTicketingShows").WithSummary("Shows and activities, by name, paged.");
        app.MapGet("/api/ticketing/shows/{showId}", GetAsync).RequireAuthorization(PlatformPolicies.OfficeRead)
            .WithTags("Ticketing — catalogue").WithName("GetTicketingShow");
        app.MapGet("/api/ticketing/public/{officeId}/shows/{showId}", GetPublicAsync).AllowAnonymous()
            .WithTags("Ticketing — buyers").WithName("GetPublicTicketingShow").WithSummary("A show's rates, prices and fees, for buyers.");
    }

    internal static async Task<Ok<Paged<ShowListItem>>> ListAsync(ICallerContext caller, SqliteConnectionFactory connections, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size, offset) = Paging.Of(page, pageSize);
        await using var connection = await connections.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM ticketing_shows WHERE office_id = @office", new { office = caller.TenantId });
        // SQLite answers INTEGER columns as Int64: read positional tuples of long, then shape the typed rows (Dapper's record
        // constructors need exact types).
        var rows = (await connection.QueryAsync<(string ShowId, string Name, string Kind, string Organiser, long OrganiserIsPartner, long VatRateBp, long HandlingFee)>(
            """
            SELECT show_id AS ShowId, name AS Name, kind AS Kind, organiser AS Organiser, organiser_is_partner AS OrganiserIsPartner,
                   vat_rate_bp AS VatRateBp, handling_fee AS HandlingFee
            FROM ticketing_shows WHERE office_id = @office ORDER BY name LIMIT @size OFFSET @offset
            """,
            new { office = caller.TenantId, size, offset }))
            .Select(r => new ShowListItem(r.ShowId, r.Name, r.Kind, r.Organiser, r.OrganiserIsPartner != 0, VatRate.Of((int)r.VatRateBp), r.HandlingFee));
        return TypedResults.Ok(new Paged<ShowListItem>([.. rows], p, size, total));
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
