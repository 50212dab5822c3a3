using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Subscriptions.Numbering;

namespace Monolith.Modules.Subscriptions.Subscriptions.Users;

/// <summary>What a user added to a subscription needs outside the subscription stream: a portal account (Offices'
/// <see cref="ICustomerAccounts"/>) and a subscriber number (the office's numbering stream). It completes the <see cref="UserAdded"/>
/// events the decider decided (<see cref="CommandHandler"/>'s <c>complete</c>), so a refused or already-done command creates no login
/// and consumes no number.</summary>
internal sealed class NewUsers(CommandHandler handler, ICustomerAccounts accounts, IOfficeDirectory offices, TimeProvider time)
{
    private static readonly Guid AccountNamespace = new("3b0c3a64-63a4-4d7e-9a6f-5f1f2d1b8e47");

    /// <summary>The portal account of a subscription user, the same for the same e-mail in the same office (so a person in two
    /// subscriptions has one login).</summary>
    public static string AccountIdFor(string tenantId, string email) =>
        DeterministicGuid.Create(AccountNamespace, $"{tenantId}/{email.Trim().ToLowerInvariant()}").ToString("N");

    /// <summary>The account of <paramref name="email"/> in a subscription: the manager's own account when it is the manager's address.</summary>
    public static string AccountOf(string tenantId, SubscriptionState state, string email) =>
        state.Manager is { } m && Same(m.Email, email) ? m.AccountId : AccountIdFor(tenantId, email);

    public static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>A <c>complete</c> step for <see cref="CommandHandler"/>: creates (or invites) the portal account of every added user but
    /// the manager, allocates their subscriber numbers and writes them into the <see cref="UserAdded"/> events.</summary>
    public Func<IReadOnlyList<SubscriptionEvent>, SubscriptionState, CancellationToken, Task<IReadOnlyList<SubscriptionEvent>>> Completing(
        string tenantId, string subscriptionId, string? managerAccountId, DateOnly today, CommandContext context)
    {
        var ensured = new HashSet<string>(StringComparer.Ordinal);
        return async (decided, _, ct) =>
        {
            var added = decided.OfType<UserAdded>().ToList();
            foreach (var user in added.Where(u => u.AccountId != managerAccountId && ensured.Add(u.AccountId)))
            {
                await EnsureAccountAsync(tenantId, user.AccountId, user.AccountId, user.Name, user.Email, context.UserId, ct);
            }

            if (added.Count == 0)
            {
                return decided;
            }

            var settings = await SubscriptionSettings.ForOfficeAsync(offices, tenantId, today, ct);
            var numbers = await AllocateAsync(tenantId, subscriptionId, [.. added.Select(u => u.AccountId)], settings, today, context, ct);
            return [.. decided.Select(e => e is UserAdded u ? u with { SubscriberNumber = numbers[u.AccountId] } : e)];
        };
    }

    public async Task EnsureAccountAsync(string tenantId, string accountId, string customerId, string name, string email, string? actor, CancellationToken ct)
    {
        try
        {
            await accounts.CreateOrInviteAsync(new NewCustomerAccount(tenantId, accountId, customerId, email.Trim(), name.Trim(), actor ?? "subscriptions"), ct);
        }
        catch (DomainRuleViolation e) when (e.Code == "user.email-taken")
        {
            throw new DomainRuleViolation(
                "subscription.email-taken",
                $"L'adresse {email.Trim()} est déjà le compte d'une autre personne de l'office : connectez-vous avec ce compte ou indiquez une autre adresse.",
                isConflict: true);
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> AllocateAsync(
        string tenantId, string subscriptionId, IReadOnlyList<string> accountIds, SubscriptionSettings settings, DateOnly today, CommandContext context, CancellationToken ct)
    {
        var keys = accountIds.Distinct().ToDictionary(a => a, a => SubscriberNumbering.Key(subscriptionId, a));
        var result = await handler.HandleAsync(
            SubscriberNumbering.Decider,
            SubscriberNumbering.StreamId(tenantId),
            new AllocateNumbers([.. keys.Values], settings.NumberPrefix, today.Year, time.GetUtcNow()),
            context with { Expected = null, DeterministicIdSeed = null },
            ct: ct);
        return keys.ToDictionary(k => k.Key, k => result.State.ByKey[k.Value]);
    }
}
