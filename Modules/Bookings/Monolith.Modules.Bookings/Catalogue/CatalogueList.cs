using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Bookings.Catalogue;

internal sealed record CatalogueListItem(string ServiceId, string Label, string Kind, bool WithLodging, string? Duration, long UnitPriceTtc, VatRate VatRate,
    bool PerPerson, int? MinParticipants, int? MaxParticipants, string? ProviderId, string? ProviderName, bool ThirdPartyFunds, bool Withdrawn) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

/// <summary>Read model <c>bookings_services</c> (projection <c>bookings.services</c>, checkpointed, rebuildable) and the catalogue's GET
/// endpoints: the paged list (by provider, kind; withdrawn services on request) and one service folded from its stream with its ETag.</summary>
internal sealed class CatalogueProjection : IProjection
{
    public string Name => "bookings.services";

    public bool Handles(string eventType) => eventType is "bookings.service-added" or "bookings.service-changed" or "bookings.service-withdrawn";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        var at = e.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
        switch (await ctx.DecodeAsync(e, ct))
        {
            case ServiceAdded x:
                await UpsertAsync(ctx, office, x.ServiceId, x.Definition, at);
                break;
            case ServiceChanged x:
                await UpsertAsync(ctx, office, x.ServiceId, x.Definition, at);
                break;
            case ServiceWithdrawn x:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE bookings_services SET withdrawn = 1, updated_at = @at WHERE service_id = @ServiceId AND office_id = @office",
                    new { x.ServiceId, office, at }, ctx.Transaction);
                break;
        }
    }

    private static Task UpsertAsync(ProjectionContext ctx, string office, string serviceId, ServiceDefinition d, string at) =>
        ctx.Connection.ExecuteAsync(
            """
            INSERT INTO bookings_services (service_id, office_id, label, kind, with_lodging, duration, unit_price_ttc, vat_rate_bp, per_person, min_participants,
                max_participants, provider_id, provider_name, third_party_funds, withdrawn, updated_at)
            VALUES (@serviceId, @office, @Label, @kind, @WithLodging, @Duration, @UnitPriceTtc, @VatRateBasisPoints, @PerPerson, @MinParticipants, @MaxParticipants,
                @providerId, @providerName, @ThirdPartyFunds, 0, @at)
            ON CONFLICT (service_id) DO UPDATE SET label = excluded.label, kind = excluded.kind, with_lodging = excluded.with_lodging, duration = excluded.duration,
                unit_price_ttc = excluded.unit_price_ttc, vat_rate_bp = excluded.vat_rate_bp, per_person = excluded.per_person,
                min_participants = excluded.min_participants, max_participants = excluded.max_participants, provider_id = excluded.provider_id,
                provider_name = excluded.provider_name, third_party_funds = excluded.third_party_funds, updated_at = excluded.updated_at
            """,
            new
            {
                serviceId,
                office,
                d.Label,
                kind = CatalogueServiceView.KindName(d.Kind),
                WithLodging = d.WithLodging ? 1 : 0,
                d.Duration,
                d.UnitPriceTtc,
                d.VatRateBasisPoints,
                PerPerson = d.PerPerson ? 1 : 0,
                d.MinParticipants,
                d.MaxParticipants,
                providerId = d.Provider?.ProviderId,
                providerName = d.Provider?.Name,
                ThirdPartyFunds = d.ThirdPartyFunds ? 1 : 0,
                at,
            },
            ctx.Transaction);

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM bookings_services", transaction: ctx.Transaction);
}

internal static class CatalogueList
{
    private static readonly string[] Kinds = ["guidedVisit", "activity", "meal", "night", "rental", "other"];

    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["label"] = "LOWER(c.label)",
        ["kind"] = "c.kind",
        ["price"] = "c.unit_price_ttc",
        ["provider"] = "LOWER(c.provider_name)",
        ["updatedAt"] = "c.updated_at",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = CatalogueRoutes.Staff(app).RequireAuthorization("office-read");
        group.MapGet("/", List).WithName("ListCatalogueServices").WithCsvExport().WithListFilter("kind", Kinds).WithListSort(Sorts, "label")
            .WithSummary("The services catalogue (paged): search by label or provider (accents ignored); providerId, kind, includeWithdrawn; sort; CSV.");
        group.MapGet("/{serviceId}", async Task<Ok<CatalogueServiceView>> (string serviceId, ICallerContext caller, HttpContext http, CommandHandler handler,
            CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(CatalogueService.Decider, CatalogueService.StreamId(serviceId), caller.TenantId, mustExist: true, ct);
            http.Response.SetRevision(loaded.Revision);
            return TypedResults.Ok(CatalogueServiceView.From(loaded.State, loaded.Revision));
        }).WithName("GetCatalogueService");
    }

    internal static async Task<Results<Ok<Paged<CatalogueListItem>>, FileContentHttpResult>> List(string? providerId, string? kind, bool? includeWithdrawn, string? q,
        string? sort, int? page, int? pageSize, string? format, ICallerContext caller, HttpContext http, IReadModelDatabase connections, CancellationToken ct)
    {
        var args = new
        {
            tenant = caller.TenantId,
            providerId = ListFilters.Text(providerId),
            kind = ListFilters.OneOf(kind, "kind", Kinds),
            withdrawn = includeWithdrawn == true ? 1 : 0,
            q = ListSearch.Pattern(q),
        };
        var orderBy = ListSort.OrderBy(sort, Sorts, "label", "c.service_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<Row>(
            connection,
            """
            c.service_id AS ServiceId, c.label AS Label, c.kind AS Kind, c.with_lodging AS WithLodging, c.duration AS Duration, c.unit_price_ttc AS UnitPriceTtc,
            c.vat_rate_bp AS VatRateBasisPoints, c.per_person AS PerPerson, c.min_participants AS MinParticipants, c.max_participants AS MaxParticipants,
            c.provider_id AS ProviderId, c.provider_name AS ProviderName, c.third_party_funds AS ThirdPartyFunds, c.withdrawn AS Withdrawn
            """,
            $"""
            FROM bookings_services c LEFT JOIN bookings_service_search s ON s.service_id = c.service_id
            WHERE c.office_id = @tenant AND (@withdrawn = 1 OR c.withdrawn = 0) AND (@providerId IS NULL OR c.provider_id = @providerId)
              AND (@kind IS NULL OR c.kind = @kind) AND {ListSearch.Condition("s.search_text")}
            """,
            orderBy,
            args,
            page,
            pageSize,
            csv);
        var items = rows.Map(r => r.ToItem());
        return csv ? CsvExport.File(items.Items, CsvColumns, "catalogue-prestations") : TypedResults.Ok(items);
    }

    private static readonly IReadOnlyList<CsvColumn<CatalogueListItem>> CsvColumns =
    [
        CsvColumn<CatalogueListItem>.Text("Code", r => r.ServiceId),
        CsvColumn<CatalogueListItem>.Text("Prestation", r => r.Label),
        CsvColumn<CatalogueListItem>.Text("Type", r => r.Kind),
        CsvColumn<CatalogueListItem>.Text("Durée", r => r.Duration),
        CsvColumn<CatalogueListItem>.Euros("Prix unitaire TTC (€)", r => r.UnitPriceTtc),
        CsvColumn<CatalogueListItem>.Text("TVA (%)", r => (r.VatRate.BasisPoints / 100m).ToString("0.##", CultureInfo.GetCultureInfo("fr-FR"))),
        CsvColumn<CatalogueListItem>.Text("Par personne", r => r.PerPerson ? "oui" : "non"),
        CsvColumn<CatalogueListItem>.Text("Prestataire", r => r.ProviderName),
        CsvColumn<CatalogueListItem>.Text("Retirée", r => r.Withdrawn ? "oui" : "non"),
    ];

    /// <summary>A row as stored (integers for flags and counts, whatever width the engine returns: Dapper converts into properties).</summary>
    private sealed class Row
    {
        public string ServiceId { get; set; } = string.Empty;

        public string Label { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public long WithLodging { get; set; }

        public string? Duration { get; set; }

        public long UnitPriceTtc { get; set; }

        public long VatRateBasisPoints { get; set; }

        public long PerPerson { get; set; }

        public long? MinParticipants { get; set; }

        public long? MaxParticipants { get; set; }

        public string? ProviderId { get; set; }

        public string? ProviderName { get; set; }

        public long ThirdPartyFunds { get; set; }

        public long Withdrawn { get; set; }

        public CatalogueListItem ToItem() => new(ServiceId, Label, Kind, WithLodging != 0, Duration, UnitPriceTtc, VatRate.Of((int)VatRateBasisPoints), PerPerson != 0,
            (int?)MinParticipants, (int?)MaxParticipants, ProviderId, ProviderName, ThirdPartyFunds != 0, Withdrawn != 0);
    }
}
