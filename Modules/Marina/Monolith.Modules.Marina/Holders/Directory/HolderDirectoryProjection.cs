using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Marina.Shared;

namespace Monolith.Modules.Marina.Holders.Directory;

/// <summary>Read models <c>marina_holders</c>, <c>marina_boats</c>, <c>marina_absences</c>. A forgotten holder keeps their row (contracts
/// point at it) without name or e-mail.</summary>
internal sealed class HolderDirectoryProjection : IProjection
{
    public string Name => "marina.holders";

    public bool Handles(string eventType) => eventType is "marina.holder-registered" or "marina.boat-added" or "marina.absence-declared"
        or "marina.portal-account-opened" or DataSubjectForgotten.WireName;

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case HolderRegistered r:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO marina_holders (office_id, holder_id, name, email, registered_at) VALUES (@office, @HolderId, @Name, @Email, @At)
                    ON CONFLICT (office_id, holder_id) DO NOTHING
                    """,
                    new { office, r.HolderId, r.Name, Email = r.Email == PersonalData.ErasedText ? null : r.Email, At = r.RegisteredAt.ToString("O") }, ctx.Transaction);
                break;
            case BoatAdded b:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO marina_boats (office_id, holder_id, boat_id, name, registration, length_cm, beam_cm)
                    VALUES (@office, @HolderId, @BoatId, @Name, @Registration, @LengthCm, @BeamCm) ON CONFLICT DO NOTHING
                    """,
                    new { office, b.HolderId, b.Boat.BoatId, b.Boat.Name, b.Boat.Registration, b.Boat.LengthCm, b.Boat.BeamCm }, ctx.Transaction);
                break;
            case AbsenceDeclared a:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO marina_absences (office_id, holder_id, absence_id, from_date, to_date) VALUES (@office, @HolderId, @AbsenceId, @From, @To)
                    ON CONFLICT DO NOTHING
                    """,
                    new { office, a.HolderId, a.Absence.AbsenceId, From = Day.Iso(a.Absence.From), To = Day.Iso(a.Absence.To) }, ctx.Transaction);
                break;
            case PortalAccountOpened p:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE marina_holders SET portal_user_id = @UserId, email = COALESCE(email, @Email) WHERE office_id = @office AND holder_id = @HolderId",
                    new { office, p.UserId, Email = p.Email == PersonalData.ErasedText ? null : p.Email, p.HolderId }, ctx.Transaction);
                break;
            case DataSubjectForgotten f:
                await ctx.Connection.ExecuteAsync(
                    "UPDATE marina_holders SET name = @erased, email = NULL WHERE office_id = @office AND holder_id = @SubjectId",
                    new { office, f.SubjectId, erased = PersonalData.ErasedText }, ctx.Transaction);
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM marina_holders; DELETE FROM marina_boats; DELETE FROM marina_absences;", transaction: ctx.Transaction);
}
