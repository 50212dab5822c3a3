using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Subscriptions.Subscriptions;

internal sealed record PersonRequest(string Name, string Email);

internal sealed class PersonRequestValidator : AbstractValidator<PersonRequest>
{
    public PersonRequestValidator()
    {
        RuleFor(p => p.Name).NotEmpty().WithMessage("Le nom est obligatoire.").MaximumLength(200);
        RuleFor(p => p.Email).NotEmpty().EmailAddress().WithMessage("L'adresse e-mail n'est pas valide.").MaximumLength(254);
    }
}

internal sealed record UserResponse(string AccountId, string Name, string Email, string SubscriberNumber, DateOnly From);

internal sealed record PeriodResponse(
    int Period, DateOnly Start, DateOnly End, DateOnly PaymentDueBy, long PriceTtc, VatRate VatRate, bool Settled, bool Cancelled, string? InvoiceId,
    string? InvoiceNumber, int RenewalNoticesSent) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

/// <summary>A subscription as the portal and the staff see it (the answer of every command on the subscription stream).</summary>
internal sealed record SubscriptionResponse(
    string SubscriptionId,
    string Status,
    string CustomerId,
    string Organisation,
    string OfferId,
    string OfferName,
    int MaxUsers,
    PersonRequest Manager,
    string ManagerAccountId,
    IReadOnlyList<UserResponse> Users,
    IReadOnlyList<PeriodResponse> Periods,
    DateOnly? StartDate,
    DateOnly? EndDate,
    DateOnly? ClosedOn)
{
    internal static SubscriptionResponse From(SubscriptionState s) => new(
        s.SubscriptionId!,
        s.Status.ToString().ToLowerInvariant(),
        s.CustomerId!,
        s.Organisation!.Name,
        s.Offer!.OfferId,
        s.Offer.OfferName,
        s.Offer.MaxUsers,
        new PersonRequest(s.Manager?.Name ?? string.Empty, s.Manager?.Email ?? string.Empty),
        s.Manager?.AccountId ?? string.Empty,
        [.. s.Users.Select(u => new UserResponse(u.AccountId, u.Name, u.Email, u.SubscriberNumber, u.From))],
        [.. s.Periods.Select(p => new PeriodResponse(p.Number, p.Start, p.End, p.PaymentDueBy, p.PriceTtc, VatRate.Of(p.VatRateBasisPoints), p.Settled, p.Cancelled, p.InvoiceId,
            p.InvoiceNumber, p.LastNoticeStep))],
        s.Periods.FirstOrDefault()?.Start,
        s.EndDate,
        s.ClosedOn);
}

/// <summary>The route groups of the subscription use cases: the manager's portal and the office staff's back office.</summary>
internal static class SubscriptionRoutes
{
    public static RouteGroupBuilder Portal(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/portal").WithTags("Subscriptions portal").RequireAuthorization("customer");

    public static RouteGroupBuilder Staff(IEndpointRouteBuilder app) => app.MapGroup("/api/subscriptions").WithTags("Subscriptions");
}

/// <summary>Loads the subscription stream for a use case: its state, and "today" in the office's time zone the subscription recorded.</summary>
internal sealed class SubscriptionStream(CommandHandler handler, TimeProvider time)
{
    public async Task<(SubscriptionState State, DateOnly Today)> LoadAsync(string tenantId, string subscriptionId, CancellationToken ct)
    {
        var loaded = await handler.LoadAsync(Subscription.Decider, Subscription.StreamId(subscriptionId), tenantId, mustExist: true, ct);
        return (loaded.State, OfficeCalendar.DateOf(time.GetUtcNow(), loaded.State.TimeZone));
    }

    /// <summary>The subscription if the caller is its manager; anything else is 404 (a customer sees only their own records).</summary>
    public async Task<StreamState<SubscriptionState>> LoadManagedAsync(ICallerContext caller, string subscriptionId, CancellationToken ct)
    {
        var loaded = await handler.LoadAsync(Subscription.Decider, Subscription.StreamId(subscriptionId), caller.TenantId, mustExist: true, ct);
        if (loaded.State.Manager?.AccountId != caller.UserId)
        {
            throw new NotFoundException($"Subscription '{subscriptionId}' was not found.");
        }

        return loaded;
    }
}
