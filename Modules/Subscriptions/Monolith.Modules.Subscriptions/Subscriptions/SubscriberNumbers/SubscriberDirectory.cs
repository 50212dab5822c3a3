using Dapper;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Subscriptions.Contracts;
using Monolith.Modules.Subscriptions.Numbering;

namespace Monolith.Modules.Subscriptions.Subscriptions.SubscriberNumbers;

/// <summary><see cref="ISubscriberDirectory"/>: the read model finds which subscription a number belongs to (an index; when it has not
/// projected the number yet, the office's numbering stream says), and the subscription's stream decides (the log, never a read model
/// that may lag: a user added, a subscription cancelled or a renewal dropped a moment ago counts at once). A number is active on D when
/// its holder was a registered user on D (added on or before D, not removed on or before D), the subscription was not closed (cancelled
/// or expired) on or before D and one of its standing periods contains D.</summary>
internal sealed class SubscriberDirectory(IReadModelDatabase connections, CommandHandler handler, IEventStore store, EventSerializer serializer)
    : ISubscriberDirectory
{
    public async Task<SubscriberCheck> CheckAsync(string tenantId, string subscriberNumber, DateOnly on, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var number = SubscriberNumbering.Normalize(subscriberNumber ?? string.Empty);
        if (number.Length == 0)
        {
            return SubscriberCheck.Unknown(number);
        }

        if (await FindAsync(tenantId, number, ct) is not { } holder)
        {
            return SubscriberCheck.Unknown(number);
        }

        var events = await store.ReadStreamAsync(Subscription.StreamId(holder.SubscriptionId), ct: ct);
        if (events.Count == 0 || events[0].Metadata.TenantId != tenantId)
        {
            return SubscriberCheck.Unknown(number);
        }

        // The subscription folded as its decider does, and this user's own history (a user removed then added again keeps the number).
        var state = Subscription.Decider.InitialState;
        DateOnly? from = null, removedOn = null;
        foreach (var envelope in await serializer.DeserializeAsync(events, ct))
        {
            if (envelope.Event is not SubscriptionEvent e)
            {
                continue; // published facts in the same stream
            }

            state = Subscription.Decider.Evolve(state, e);
            switch (e)
            {
                case UserAdded added when added.AccountId == holder.AccountId:
                    (from, removedOn) = (added.From, null);
                    break;
                case UserRemoved removed when removed.AccountId == holder.AccountId:
                    removedOn = removed.On;
                    break;
            }
        }

        if (from is null || state.CustomerId is null)
        {
            return SubscriberCheck.Unknown(number); // allocated, but the user was never added
        }

        var period = state.LivePeriods.OrderBy(p => p.Number).FirstOrDefault(p => p.Start <= on && on <= p.End);
        var active = period is not null && from <= on && (removedOn is null || on < removedOn) && (state.ClosedOn is null || on < state.ClosedOn);
        return new SubscriberCheck(number, true, active, holder.SubscriptionId, state.CustomerId, state.Organisation?.Name, period?.Start, period?.End);
    }

    /// <summary>The subscription and account the number was allocated to: from the read model, else from the office's numbering stream
    /// (a number allocated a moment ago).</summary>
    private async Task<(string SubscriptionId, string AccountId)?> FindAsync(string tenantId, string number, CancellationToken ct)
    {
        await using (var connection = await connections.OpenAsync(ct))
        {
            var row = await connection.QueryFirstOrDefaultAsync<(string? SubscriptionId, string? AccountId)>(
                "SELECT subscription_id, account_id FROM subscriptions_users WHERE office_id = @tenantId AND subscriber_number = @number",
                new { tenantId, number });
            if (row is { SubscriptionId: { } subscriptionId, AccountId: { } accountId })
            {
                return (subscriptionId, accountId);
            }
        }

        var numbering = await handler.LoadAsync(SubscriberNumbering.Decider, SubscriberNumbering.StreamId(tenantId), tenantId, ct: ct);
        foreach (var (key, allocated) in numbering.State.ByKey)
        {
            if (allocated == number && key.IndexOf('/', StringComparison.Ordinal) is var slash and > 0)
            {
                return (key[..slash], key[(slash + 1)..]);
            }
        }

        return null;
    }
}
