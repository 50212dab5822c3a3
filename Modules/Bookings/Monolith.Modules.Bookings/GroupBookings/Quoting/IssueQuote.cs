using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Bookings.Terms;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Subscriptions.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings.Quoting;

/// <summary>Staff issue a quote (devis): customer, dates, group, services, validity (default: the terms' validity). The terms of sale in
/// force on the quote's date are copied into the booking. A subscriber number, checked with Subscriptions, gives the terms' subscriber
/// discount. The quote is e-mailed with its PDF.</summary>
internal static class IssueQuote
{
    internal sealed record Request(
        GroupBookingRoutes.CustomerRequest Customer,
        string Title,
        DateOnly Start,
        DateOnly End,
        bool WithLodging,
        int Adults,
        int Children,
        bool School,
        IReadOnlyList<GroupBookingRoutes.ServiceRequest> Services,
        DateOnly? QuotedOn,
        DateOnly? ValidUntil,
        string? SubscriberNumber);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Customer).NotNull().SetValidator(new GroupBookingRoutes.CustomerValidator());
            RuleFor(r => r.Title).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Start).NotEqual(default(DateOnly));
            RuleFor(r => r.End).GreaterThanOrEqualTo(r => r.Start).WithMessage("La date de fin précède la date de début.");
            RuleFor(r => r.Adults).GreaterThanOrEqualTo(0);
            RuleFor(r => r.Children).GreaterThanOrEqualTo(0);
            RuleFor(r => r.Services).NotEmpty().WithMessage("Un devis comporte au moins une prestation.");
            RuleForEach(r => r.Services).SetValidator(new GroupBookingRoutes.ServiceValidator());
            RuleFor(r => r.SubscriberNumber).MaximumLength(40);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        GroupBookingRoutes.Staff(app).MapPost("/", Handle).RequireAuthorization("office-staff").Validate<Request>().Idempotent()
            .WithName("IssueGroupQuote").WithSummary("Issues a group quote under the terms in force on its date; e-mails it with its PDF.");

    internal static async Task<Created<GroupBookingView>> Handle(
        Request r, ICallerContext caller, HttpContext http, GroupBookingStore store, BookingTermsSource terms, IOfficeCalendars calendars, TimeProvider time,
        ISubscriberDirectory subscribers, CommandHandler handler, CancellationToken ct)
    {
        var quotedOn = r.QuotedOn ?? await calendars.TodayAsync(caller.TenantId, ct);
        var version = await terms.InForceAsync(caller.TenantId, quotedOn, ct);
        string? subscriber = null;
        if (!string.IsNullOrWhiteSpace(r.SubscriberNumber))
        {
            var check = await subscribers.CheckAsync(caller.TenantId, r.SubscriberNumber, quotedOn, ct);
            if (!check.Active)
            {
                throw new DomainRuleViolation("subscriber.inactive",
                    $"Le numéro d'abonné {r.SubscriberNumber.Trim()} n'est pas {(check.Known ? "actif" : "connu")} le {quotedOn:dd/MM/yyyy} : pas de remise abonné.");
            }

            subscriber = check.SubscriberNumber.Trim().ToUpperInvariant();
        }

        // The id comes from the Idempotency-Key when there is one, so a retried request finds the same booking.
        var key = http.Request.Headers[Idempotency.HeaderName].ToString();
        var bookingId = (string.IsNullOrEmpty(key) ? Guid.NewGuid() : DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"bookings-quote/{caller.TenantId}/{key}"))
            .ToString("N")[..12];
        var result = await store.HandleAsync(bookingId, new GroupBookings.IssueQuote(
            bookingId, r.Customer.ToCustomer(caller.TenantId), r.Title, r.Start, r.End, r.WithLodging, new Party(r.Adults, r.Children, r.School),
            await LinesAsync(r, caller.TenantId, handler, ct), quotedOn, r.ValidUntil, version, subscriber, time.GetUtcNow()), caller.ForRequest(http), ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Created($"{GroupBookingRoutes.Base}/{bookingId}", GroupBookingView.From(result.State, result.Revision));
    }

    /// <summary>The quote's lines: a line naming a catalogue service copies it as it stands today (label, duration, price, VAT, provider,
    /// third-party funds, night, free-place exclusion; the request gives the date and, for a fixed quantity, how many); the party must
    /// fit the service's group sizes. A line without <c>serviceId</c> is taken as typed.</summary>
    internal static async Task<IReadOnlyList<ServiceLine>> LinesAsync(Request r, string tenant, CommandHandler handler, CancellationToken ct)
    {
        var lines = new List<ServiceLine>();
        foreach (var line in r.Services)
        {
            if (string.IsNullOrWhiteSpace(line.ServiceId))
            {
                lines.Add(line.ToLine());
                continue;
            }

            var service = (await handler.LoadAsync(Catalogue.CatalogueService.Decider, Catalogue.CatalogueService.StreamId(line.ServiceId.Trim()), tenant, ct: ct)).State;
            if (!service.Exists)
            {
                throw new DomainRuleViolation("quote.unknown-service", $"La prestation « {line.ServiceId.Trim()} » n'existe pas dans le catalogue.");
            }

            var d = service.Definition!;
            if (service.Withdrawn)
            {
                throw new DomainRuleViolation("quote.service-withdrawn", $"« {d.Label} » est retirée du catalogue : elle ne peut plus être proposée.");
            }

            if (Catalogue.CatalogueService.ParticipantsRefusal(d, r.Adults + r.Children) is { } refusal)
            {
                throw new DomainRuleViolation("quote.service-participants", refusal);
            }

            lines.Add(new ServiceLine(d.Label, line.Date, d.Duration, d.UnitPriceTtc, d.VatRateBasisPoints, d.PerPerson, d.PerPerson ? 0 : line.Quantity ?? 1,
                d.ExcludedFromFreePlaces, d.WithLodging, service.ServiceId, d.Provider?.ProviderId, d.Provider?.Name, d.ThirdPartyFunds, d.Provider?.Siren));
        }

        return lines;
    }
}
