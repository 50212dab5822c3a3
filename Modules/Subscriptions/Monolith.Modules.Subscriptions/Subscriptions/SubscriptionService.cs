using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Subscriptions.Numbering;
using Monolith.Modules.Subscriptions.Offers;

namespace Monolith.Modules.Subscriptions.Subscriptions;

/// <summary>Use cases that touch more than the subscription stream: portal accounts (Offices' <see cref="ICustomerAccounts"/>),
/// subscriber numbers (the office's numbering stream), the offer, the office's time zone and settings.</summary>
internal sealed class SubscriptionService(CommandHandler handler, ICustomerAccounts accounts, IOfficeDirectory offices, TimeProvider time)
{
    private static readonly Guid AccountNamespace = new("3b0c3a64-63a4-4d7e-9a6f-5f1f2d1b8e47");

    public sealed record PersonInput(string Name, string Email);

    public sealed record OrganisationInput(string Name, string Street, string PostalCode, string City, string? Country, string? Siren, string? VatNumber);

    /// <summary>An existing portal customer subscribing while signed in: they become the manager and their customer id the organisation's.</summary>
    public sealed record SignedInCustomer(string AccountId, string CustomerId);

    /// <summary>The portal account of a subscription user, the same for the same e-mail in the same office (so a person in two
    /// subscriptions has one login).</summary>
    public static string AccountIdFor(string tenantId, string email) =>
        DeterministicGuid.Create(AccountNamespace, $"{tenantId}/{email.Trim().ToLowerInvariant()}").ToString("N");

    public async Task<CommandResult<SubscriptionEvent, SubscriptionState>> SubscribeAsync(
        string tenantId,
        string offerId,
        OrganisationInput organisation,
        PersonInput manager,
        IReadOnlyList<PersonInput> users,
        SignedInCustomer? signedIn,
        CommandContext context,
        CancellationToken ct)
    {
        var office = await offices.GetOfficeAsync(tenantId, ct) ?? throw new NotFoundException("Office not found.");
        var now = time.GetUtcNow();
        var today = OfficeCalendar.DateOf(now, office.TimeZone);
        var offer = await handler.LoadAsync(Offer.Decider, Offer.StreamId(tenantId, offerId), tenantId, ct: ct);
        if (!offer.State.Available)
        {
            throw new DomainRuleViolation("subscription.offer-unavailable", "Cette offre d'abonnement n'est pas (ou plus) proposée.");
        }

        var settings = await SubscriptionSettings.ForOfficeAsync(offices, tenantId, today, ct);
        var subscriptionId = IdempotencyScope.NewId();
        var customerId = signedIn?.CustomerId ?? $"org-{Guid.NewGuid():N}";
        var managerAccountId = signedIn?.AccountId ?? AccountIdFor(tenantId, manager.Email);
        string AccountOf(PersonInput p) => Same(p.Email, manager.Email) ? managerAccountId : AccountIdFor(tenantId, p.Email);

        var command = new ActivateSubscription(
            subscriptionId,
            customerId,
            new Organisation(organisation.Name.Trim(), organisation.Street.Trim(), organisation.PostalCode.Trim(), organisation.City.Trim(),
                string.IsNullOrWhiteSpace(organisation.Country) ? "France" : organisation.Country.Trim(), organisation.Siren?.Trim(), organisation.VatNumber?.Trim()),
            new OfferTerms(offerId, offer.State.Name, offer.State.MaxUsers, offer.State.PriceTtc, offer.State.VatRateBasisPoints),
            new Person(managerAccountId, manager.Name, manager.Email),
            [.. users.Select(u => new NewUser(AccountOf(u), u.Name, u.Email, string.Empty))],
            today,
            settings.ForPeriod(),
            office.TimeZone,
            now);

        // Check the rules (user limit, duplicates) before creating logins and numbers.
        _ = Subscription.Decide(command, SubscriptionState.Initial);

        await EnsureAccountAsync(tenantId, managerAccountId, customerId, manager, context.UserId, ct);
        foreach (var user in command.Users.Where(u => u.AccountId != managerAccountId))
        {
            await EnsureAccountAsync(tenantId, user.AccountId, user.AccountId, new PersonInput(user.Name, user.Email), context.UserId, ct);
        }

        var numbers = await AllocateAsync(tenantId, subscriptionId, command.Users.Select(u => u.AccountId).ToList(), settings, today, context, ct);
        command = command with { Users = [.. command.Users.Select(u => u with { SubscriberNumber = numbers[u.AccountId] })] };
        return await handler.HandleAsync(Subscription.Decider, Subscription.StreamId(subscriptionId), command, context, ct: ct);
    }

    public async Task<CommandResult<SubscriptionEvent, SubscriptionState>> AddUserAsync(
        string tenantId, string subscriptionId, PersonInput person, CommandContext context, CancellationToken ct)
    {
        var (state, today) = await LoadAsync(tenantId, subscriptionId, ct);
        var accountId = AccountOf(tenantId, state, person.Email);
        var command = new AddUser(new NewUser(accountId, person.Name, person.Email, string.Empty), today, time.GetUtcNow());
        if (Subscription.Decide(command, state).Count == 0)
        {
            return new CommandResult<SubscriptionEvent, SubscriptionState>(state, await RevisionAsync(tenantId, subscriptionId, ct), [], null);
        }

        var number = await PrepareUserAsync(tenantId, state, accountId, person, today, context, ct);
        return await handler.HandleAsync(
            Subscription.Decider, Subscription.StreamId(subscriptionId), command with { User = command.User with { SubscriberNumber = number } }, context,
            CommandOptions.ExistingStream, ct);
    }

    public async Task<CommandResult<SubscriptionEvent, SubscriptionState>> ReplaceUserAsync(
        string tenantId, string subscriptionId, string oldAccountId, PersonInput person, CommandContext context, CancellationToken ct)
    {
        var (state, today) = await LoadAsync(tenantId, subscriptionId, ct);
        var accountId = AccountOf(tenantId, state, person.Email);
        var command = new ReplaceUser(oldAccountId, new NewUser(accountId, person.Name, person.Email, string.Empty), today, time.GetUtcNow());
        if (Subscription.Decide(command, state).Count == 0)
        {
            return new CommandResult<SubscriptionEvent, SubscriptionState>(state, await RevisionAsync(tenantId, subscriptionId, ct), [], null);
        }

        var number = await PrepareUserAsync(tenantId, state, accountId, person, today, context, ct);
        return await handler.HandleAsync(
            Subscription.Decider, Subscription.StreamId(subscriptionId), command with { NewUser = command.NewUser with { SubscriberNumber = number } }, context,
            CommandOptions.ExistingStream, ct);
    }

    public async Task<CommandResult<SubscriptionEvent, SubscriptionState>> RemoveUserAsync(
        string tenantId, string subscriptionId, string accountId, CommandContext context, CancellationToken ct)
    {
        var (_, today) = await LoadAsync(tenantId, subscriptionId, ct);
        return await handler.HandleAsync(
            Subscription.Decider, Subscription.StreamId(subscriptionId), new RemoveUser(accountId, today, time.GetUtcNow()), context, CommandOptions.ExistingStream, ct);
    }

    /// <summary>Renews at the offer's current price (the previous period's price if the offer was withdrawn meanwhile) and with the
    /// office's settings in force today.</summary>
    public async Task<CommandResult<SubscriptionEvent, SubscriptionState>> RenewAsync(
        string tenantId, string subscriptionId, CommandContext context, CancellationToken ct)
    {
        var (state, today) = await LoadAsync(tenantId, subscriptionId, ct);
        var offer = await handler.LoadAsync(Offer.Decider, Offer.StreamId(tenantId, state.Offer!.OfferId), tenantId, ct: ct);
        var (price, vat) = offer.State.Available
            ? (offer.State.PriceTtc, offer.State.VatRateBasisPoints)
            : (state.LastPeriod?.PriceTtc ?? state.Offer.PriceTtc, state.LastPeriod?.VatRateBasisPoints ?? state.Offer.VatRateBasisPoints);
        var settings = await SubscriptionSettings.ForOfficeAsync(offices, tenantId, today, ct);
        return await handler.HandleAsync(
            Subscription.Decider, Subscription.StreamId(subscriptionId), new RenewSubscription(price, vat, today, settings.ForPeriod(), time.GetUtcNow()), context,
            CommandOptions.ExistingStream, ct);
    }

    /// <summary>Records an administrative purchase order for <paramref name="period"/> (default: the latest period still standing).</summary>
    public async Task<CommandResult<SubscriptionEvent, SubscriptionState>> RecordPurchaseOrderAsync(
        string tenantId, string subscriptionId, int? period, string reference, DateOnly? receivedOn, CommandContext context, CancellationToken ct)
    {
        var (state, today) = await LoadAsync(tenantId, subscriptionId, ct);
        var number = period ?? state.LastPeriod?.Number ?? 1;
        return await handler.HandleAsync(
            Subscription.Decider, Subscription.StreamId(subscriptionId), new RecordPurchaseOrder(number, reference, receivedOn ?? today, time.GetUtcNow()), context,
            CommandOptions.ExistingStream, ct);
    }

    public async Task<(SubscriptionState State, DateOnly Today)> LoadAsync(string tenantId, string subscriptionId, CancellationToken ct)
    {
        var loaded = await handler.LoadAsync(Subscription.Decider, Subscription.StreamId(subscriptionId), tenantId, mustExist: true, ct);
        return (loaded.State, OfficeCalendar.DateOf(time.GetUtcNow(), loaded.State.TimeZone));
    }

    private async Task<long> RevisionAsync(string tenantId, string subscriptionId, CancellationToken ct) =>
        (await handler.LoadAsync(Subscription.Decider, Subscription.StreamId(subscriptionId), tenantId, mustExist: true, ct)).Revision;

    private static string AccountOf(string tenantId, SubscriptionState state, string email) =>
        state.Manager is { } m && Same(m.Email, email) ? m.AccountId : AccountIdFor(tenantId, email);

    private async Task<string> PrepareUserAsync(
        string tenantId, SubscriptionState state, string accountId, PersonInput person, DateOnly today, CommandContext context, CancellationToken ct)
    {
        if (accountId != state.Manager?.AccountId)
        {
            await EnsureAccountAsync(tenantId, accountId, accountId, person, context.UserId, ct);
        }

        var settings = await SubscriptionSettings.ForOfficeAsync(offices, tenantId, today, ct);
        var numbers = await AllocateAsync(tenantId, state.SubscriptionId!, [accountId], settings, today, context, ct);
        return numbers[accountId];
    }

    private async Task EnsureAccountAsync(string tenantId, string accountId, string customerId, PersonInput person, string? actor, CancellationToken ct)
    {
        try
        {
            await accounts.CreateOrInviteAsync(new NewCustomerAccount(tenantId, accountId, customerId, person.Email.Trim(), person.Name.Trim(), actor ?? "subscriptions"), ct);
        }
        catch (DomainRuleViolation e) when (e.Code == "user.email-taken")
        {
            throw new DomainRuleViolation(
                "subscription.email-taken",
                $"L'adresse {person.Email.Trim()} est déjà le compte d'une autre personne de l'office : connectez-vous avec ce compte ou indiquez une autre adresse.",
                isConflict: true);
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> AllocateAsync(
        string tenantId, string subscriptionId, IReadOnlyList<string> accountIds, SubscriptionSettings settings, DateOnly today, CommandContext context, CancellationToken ct)
    {
        var keys = accountIds.ToDictionary(a => a, a => SubscriberNumbering.Key(subscriptionId, a));
        var result = await handler.HandleAsync(
            SubscriberNumbering.Decider,
            SubscriberNumbering.StreamId(tenantId),
            new AllocateNumbers([.. keys.Values], settings.NumberPrefix, today.Year, time.GetUtcNow()),
            context with { Expected = null, DeterministicIdSeed = null },
            ct: ct);
        return keys.ToDictionary(k => k.Key, k => result.State.ByKey[k.Value]);
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
