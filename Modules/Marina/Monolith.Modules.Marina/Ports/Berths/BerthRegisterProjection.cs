using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Modules.Marina.Ports.Berths;

/// <summary>Read model <c>marina_berths</c>.</summary>
internal sealed class BerthRegisterProjection : IProjection
{
    public string Name => "marina.berths";

    public bool Handles(string eventType) => eventType == "marina.berth-added";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        if (await ctx.DecodeAsync(e, ct) is BerthAdded { Berth: var b })
        {
            await ctx.Connection.ExecuteAsync(
                """
                INSERT INTO marina_berths (office_id, berth_id, pontoon, number, category, max_length_cm, max_beam_cm)
                VALUES (@office, @BerthId, @Pontoon, @Number, @Category, @MaxLengthCm, @MaxBeamCm) ON CONFLICT DO NOTHING
                """,
                new { office = e.Metadata.TenantId, b.BerthId, b.Pontoon, b.Number, b.Category, b.MaxLengthCm, b.MaxBeamCm }, ctx.Transaction);
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) => ctx.Connection.ExecuteAsync("DELETE FROM marina_berths;", transaction: ctx.Transaction);
}
