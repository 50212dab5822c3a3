using FluentValidation;
using Monolith.Modules.Subscriptions.Subscriptions;

namespace Monolith.Modules.Subscriptions.Endpoints;

internal sealed record PersonRequest(string Name, string Email);

internal sealed record OrganisationRequest(string Name, string Street, string PostalCode, string City, string? Country, string? Siren, string? VatNumber);

/// <summary>Online sign-up: the offer, the organisation (billing address), the manager (gestionnaire) and the users.</summary>
internal sealed record SubscribeRequest(string OfferId, OrganisationRequest Organisation, PersonRequest Manager, IReadOnlyList<PersonRequest> Users);

internal sealed record OfferRequest(string Name, int MaxUsers, long PriceTtc, int VatRateBasisPoints);

internal sealed record PurchaseOrderRequest(string Reference, DateOnly? ReceivedOn, int? Period);

internal sealed record OfferResponse(string OfferId, string Name, int MaxUsers, long PriceTtc, int VatRateBasisPoints, bool Available);

internal sealed record UserResponse(string AccountId, string Name, string Email, string SubscriberNumber, DateOnly From);

internal sealed record PeriodResponse(
    int Period, DateOnly Start, DateOnly End, DateOnly PaymentDueBy, long PriceTtc, int VatRateBasisPoints, bool Settled, bool Cancelled, string? InvoiceId,
    string? InvoiceNumber, int RenewalNoticesSent);

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
        [.. s.Periods.Select(p => new PeriodResponse(p.Number, p.Start, p.End, p.PaymentDueBy, p.PriceTtc, p.VatRateBasisPoints, p.Settled, p.Cancelled, p.InvoiceId,
            p.InvoiceNumber, p.LastNoticeStep))],
        s.Periods.FirstOrDefault()?.Start,
        s.EndDate,
        s.ClosedOn);
}

internal sealed class PersonRequestValidator : AbstractValidator<PersonRequest>
{
    public PersonRequestValidator()
    {
        RuleFor(p => p.Name).NotEmpty().WithMessage("Le nom est obligatoire.").MaximumLength(200);
        RuleFor(p => p.Email).NotEmpty().EmailAddress().WithMessage("L'adresse e-mail n'est pas valide.").MaximumLength(254);
    }
}

internal sealed class SubscribeRequestValidator : AbstractValidator<SubscribeRequest>
{
    public SubscribeRequestValidator()
    {
        RuleFor(r => r.OfferId).NotEmpty().WithMessage("Choisissez une offre.");
        RuleFor(r => r.Organisation).NotNull().WithMessage("L'organisme est obligatoire.");
        RuleFor(r => r.Organisation.Name).NotEmpty().WithMessage("La raison sociale est obligatoire.").MaximumLength(200).When(r => r.Organisation is not null);
        RuleFor(r => r.Organisation.Street).NotEmpty().WithMessage("L'adresse est obligatoire.").When(r => r.Organisation is not null);
        RuleFor(r => r.Organisation.PostalCode).NotEmpty().WithMessage("Le code postal est obligatoire.").When(r => r.Organisation is not null);
        RuleFor(r => r.Organisation.City).NotEmpty().WithMessage("La ville est obligatoire.").When(r => r.Organisation is not null);
        RuleFor(r => r.Manager).NotNull().WithMessage("Le gestionnaire est obligatoire.").SetValidator(new PersonRequestValidator());
        RuleFor(r => r.Users).NotEmpty().WithMessage("Indiquez au moins un utilisateur.");
        RuleForEach(r => r.Users).SetValidator(new PersonRequestValidator());
        RuleFor(r => r.Users).Must(u => u is null || u.Select(x => x.Email?.Trim().ToLowerInvariant()).Distinct().Count() == u.Count)
            .WithMessage("Chaque utilisateur doit avoir sa propre adresse e-mail.");
    }
}

internal sealed class OfferRequestValidator : AbstractValidator<OfferRequest>
{
    public OfferRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.MaxUsers).InclusiveBetween(Offers.Offer.MinUsers, Offers.Offer.MaxUsersLimit);
        RuleFor(r => r.PriceTtc).GreaterThan(0).WithMessage("The price is in cents TTC and must be positive.");
        RuleFor(r => r.VatRateBasisPoints).InclusiveBetween(0, 10000).WithMessage("The VAT rate is in basis points (2000 = 20 %).");
    }
}

internal sealed class PurchaseOrderRequestValidator : AbstractValidator<PurchaseOrderRequest>
{
    public PurchaseOrderRequestValidator()
    {
        RuleFor(r => r.Reference).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Period).GreaterThan(0).When(r => r.Period is not null);
    }
}
