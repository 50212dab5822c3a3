using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Subscriptions.Offers;
using Monolith.Modules.Subscriptions.Subscriptions.Users;

namespace Monolith.Modules.Subscriptions.Subscriptions.SigningUp;

internal sealed record OrganisationRequest(string Name, string Street, string PostalCode, string City, string? Country, string? Siren, string? VatNumber);

/// <summary>Online sign-up: the offer, the organisation (billing address), the manager (gestionnaire) and the users.</summary>
internal sealed record SubscribeRequest(string OfferId, OrganisationRequest Organisation, PersonRequest Manager, IReadOnlyList<PersonRequest> Users);

/// <remarks>The organisation is invoiced as a business customer: once its required fields are there, billing's own rules
/// (<see cref="BusinessCustomerRules"/>: postal code by country, SIREN/SIRET key, VAT number key and format, VAT number of an EU
/// business) are applied here, before anything is written, so a sign-up never produces an invoice request billing would refuse.</remarks>
internal sealed class SubscribeRequestValidator : AbstractValidator<SubscribeRequest>
{
    private static void BillableByBilling(OrganisationRequest o, ValidationContext<SubscribeRequest> context)
    {
        if (string.IsNullOrWhiteSpace(o.Name) || string.IsNullOrWhiteSpace(o.Street) || string.IsNullOrWhiteSpace(o.PostalCode) || string.IsNullOrWhiteSpace(o.City))
        {
            return; // the required-field rules answer
        }

        var customer = new BillingCustomer(string.Empty, CustomerKind.Business, o.Name.Trim(),
            new BillingAddress(o.Street.Trim(), o.PostalCode.Trim(), o.City.Trim(), string.IsNullOrWhiteSpace(o.Country) ? "France" : o.Country.Trim()),
            VatNumber: o.VatNumber?.Trim(), Siren: o.Siren?.Trim());
        foreach (var problem in BusinessCustomerRules.Problems(customer))
        {
            var field = problem.Contains("code postal", StringComparison.Ordinal) ? "Organisation.PostalCode"
                : problem.Contains("SIREN/SIRET", StringComparison.Ordinal) ? "Organisation.Siren"
                : problem.Contains("TVA", StringComparison.Ordinal) ? "Organisation.VatNumber"
                : "Organisation";
            context.AddFailure(field, problem[..1].ToUpperInvariant() + problem[1..] + ".");
        }
    }

    public SubscribeRequestValidator()
    {
        RuleFor(r => r.OfferId).NotEmpty().WithMessage("Choisissez une offre.");
        RuleFor(r => r.Organisation).NotNull().WithMessage("L'organisme est obligatoire.");
        RuleFor(r => r.Organisation.Name).NotEmpty().WithMessage("La raison sociale est obligatoire.").MaximumLength(200).When(r => r.Organisation is not null);
        RuleFor(r => r.Organisation.Street).NotEmpty().WithMessage("L'adresse est obligatoire.").When(r => r.Organisation is not null);
        RuleFor(r => r.Organisation.PostalCode).NotEmpty().WithMessage("Le code postal est obligatoire.").When(r => r.Organisation is not null);
        RuleFor(r => r.Organisation.City).NotEmpty().WithMessage("La ville est obligatoire.").When(r => r.Organisation is not null);
        RuleFor(r => r.Organisation).Custom(BillableByBilling).When(r => r.Organisation is not null);
        RuleFor(r => r.Manager).NotNull().WithMessage("Le gestionnaire est obligatoire.").SetValidator(new PersonRequestValidator());
        RuleFor(r => r.Users).NotEmpty().WithMessage("Indiquez au moins un utilisateur.");
        RuleForEach(r => r.Users).SetValidator(new PersonRequestValidator());
        RuleFor(r => r.Users).Must(u => u is null || u.Select(x => x.Email?.Trim().ToLowerInvariant()).Distinct().Count() == u.Count)
            .WithMessage("Chaque utilisateur doit avoir sa propre adresse e-mail.");
    }
}

/// <summary>POST <c>/api/public/offices/{officeId}/subscriptions</c> (anonymous, a new organisation) and POST
/// <c>/api/portal/subscriptions</c> (a signed-in customer, who becomes the manager): activates the subscription for one year, with the
/// portal accounts and subscriber numbers of its users.</summary>
internal static class SubscribeEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/public/offices/{officeId}/subscriptions", async (string officeId, SubscribeRequest request, Subscribing subscribing, HttpContext http, CancellationToken ct) =>
        {
            var context = new CommandContext(officeId, "subscriptions.online-sign-up", Guid.NewGuid());
            var result = await subscribing.SubscribeAsync(officeId, request, null, context, ct);
            return Revisioned.Created(http, $"/api/portal/subscriptions/{result.State.SubscriptionId}", SubscriptionResponse.From(result.State), result.Revision);
        }).AllowAnonymous().Validate<SubscribeRequest>().Idempotent().WithTags("Subscriptions")
          .WithSummary("Online subscription by a new organisation: creates the manager's and users' portal accounts; active at once for one year.");

        app.MapPost("/api/portal/subscriptions", async (SubscribeRequest request, ICallerContext caller, HttpContext http, Subscribing subscribing, CancellationToken ct) =>
        {
            var result = await subscribing.SubscribeAsync(caller.TenantId, request, new Subscribing.SignedInCustomer(caller.UserId, caller.CustomerId!), caller.ForRequest(http), ct);
            return Revisioned.Created(http, $"/api/portal/subscriptions/{result.State.SubscriptionId}", SubscriptionResponse.From(result.State), result.Revision);
        }).RequireAuthorization("customer").Validate<SubscribeRequest>().Idempotent().WithTags("Subscriptions portal")
          .WithSummary("Online subscription by a signed-in customer, who becomes the manager (their customer id is the organisation's).");
    }
}

/// <summary>Sign-up: the offer's terms and the office's settings in force today go into <see cref="ActivateSubscription"/>; once the
/// decider accepted it, the manager's and users' portal accounts and the users' subscriber numbers complete its events.</summary>
internal sealed class Subscribing(CommandHandler handler, NewUsers newUsers, IOfficeDirectory offices, TimeProvider time)
{
    /// <summary>An existing portal customer subscribing while signed in: they become the manager and their customer id the organisation's.</summary>
    public sealed record SignedInCustomer(string AccountId, string CustomerId);

    public async Task<CommandResult<SubscriptionEvent, SubscriptionState>> SubscribeAsync(
        string tenantId, SubscribeRequest r, SignedInCustomer? signedIn, CommandContext context, CancellationToken ct)
    {
        var office = await offices.GetOfficeAsync(tenantId, ct) ?? throw new NotFoundException("Office not found.");
        var now = time.GetUtcNow();
        var today = OfficeCalendar.DateOf(now, office.TimeZone);
        var offer = await handler.LoadAsync(Offer.Decider, Offer.StreamId(tenantId, r.OfferId), tenantId, ct: ct);
        if (!offer.State.Available)
        {
            throw new DomainRuleViolation("subscription.offer-unavailable", "Cette offre d'abonnement n'est pas (ou plus) proposée.");
        }

        var settings = await SubscriptionSettings.ForOfficeAsync(offices, tenantId, today, ct);
        var subscriptionId = IdempotencyScope.NewId();
        var customerId = signedIn?.CustomerId ?? $"org-{Guid.NewGuid():N}";
        var manager = r.Manager;
        var managerAccountId = signedIn?.AccountId ?? NewUsers.AccountIdFor(tenantId, manager.Email);
        string AccountOf(PersonRequest p) => NewUsers.Same(p.Email, manager.Email) ? managerAccountId : NewUsers.AccountIdFor(tenantId, p.Email);
        var o = r.Organisation;

        var command = new ActivateSubscription(
            subscriptionId,
            customerId,
            new Organisation(o.Name.Trim(), o.Street.Trim(), o.PostalCode.Trim(), o.City.Trim(),
                string.IsNullOrWhiteSpace(o.Country) ? "France" : o.Country.Trim(), o.Siren?.Trim(), o.VatNumber?.Trim()),
            new OfferTerms(r.OfferId, offer.State.Name, offer.State.MaxUsers, offer.State.PriceTtc, offer.State.VatRateBasisPoints),
            new Person(managerAccountId, manager.Name, manager.Email),
            [.. r.Users.Select(u => new NewUser(AccountOf(u), u.Name, u.Email, string.Empty))],
            today,
            settings.ForPeriod(),
            office.TimeZone,
            now);

        var completeUsers = newUsers.Completing(tenantId, subscriptionId, managerAccountId, today, context);
        var managerEnsured = false;
        return await handler.HandleAsync(
            Subscription.Decider,
            Subscription.StreamId(subscriptionId),
            command,
            context,
            async (decided, state, token) =>
            {
                if (!managerEnsured)
                {
                    await newUsers.EnsureAccountAsync(tenantId, managerAccountId, customerId, manager.Name, manager.Email, context.UserId, token);
                    managerEnsured = true;
                }

                return await completeUsers(decided, state, token);
            },
            ct: ct);
    }
}
