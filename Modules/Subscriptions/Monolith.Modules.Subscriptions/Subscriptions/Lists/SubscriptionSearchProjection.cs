using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Modules.Subscriptions.Subscriptions.Lists;

/// <summary><c>subscriptions_subscription_search</c>: each subscription's organisation name, customer id and id, normalised
/// (<see cref="ListSearch.Normalize"/>) for the staff list's search. An organisation's name is not personal data.</summary>
internal sealed class SubscriptionSearchProjection : IProjection
{
    public string Name => "subscriptions.search";

    public bool Handles(string eventType) => eventType == "subscriptions.subscription-activated";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        if (await ctx.DecodeAsync(e, ct) is SubscriptionActivated a)
        {
            await ctx.Connection.ExecuteAsync(
                """
                INSERT INTO subscriptions_subscription_search (subscription_id, office_id, search_text) VALUES (@SubscriptionId, @office, @search)
                ON CONFLICT (subscription_id) DO UPDATE SET search_text = excluded.search_text
                """,
                new { a.SubscriptionId, office = e.Metadata.TenantId, search = ListSearch.Normalize(a.Organisation.Name, a.CustomerId, a.SubscriptionId) },
                ctx.Transaction);
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM subscriptions_subscription_search;", transaction: ctx.Transaction);
}
