using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Subscriptions.Contracts;
using Monolith.Modules.Ticketing.Buyers;
using Monolith.Modules.Ticketing.Shows;

namespace Monolith.Modules.Ticketing.Sessions.Holding;

/// <summary>
/// Buyers (online, anonymous, by office) and staff (counter): hold seats of one session while checking out. The hold is one
/// check-and-append on the session stream through the <see cref="SessionDesk"/> — capacity per category, numbered seats side by side
/// when possible, the per-person limit of the show (counting what that person already bought in other sessions) — and expires after
/// <see cref="TicketingOptions.HoldMinutes"/>. Answers: 201 held; 409 "complet" (with what is left); 422 a rate or limit rule; 429
/// "réessayez" with Retry-After when the session is too busy to answer within the desk's bound.
/// </summary>
internal static class HoldSeatsEndpoint
{
    public sealed record HoldLineRequest(string Category, string Rate, int Quantity, string? SubscriberNumber = null);

    public sealed record HoldRequest(IReadOnlyList<HoldLineRequest> Lines, string? Email = null);

    public sealed record HeldLineView(string Category, string Rate, string RateLabel, int Quantity, IReadOnlyList<string> Seats, long UnitPrice, string? ProofRequired);

    public sealed record HoldView(
        string HoldId,
        string SessionId,
        DateTimeOffset ExpiresAt,
        IReadOnlyList<HeldLineView> Lines,
        long FaceValue,
        long Fees,
        long Total,
        bool SeatsSeparated,
        string? Notice) : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    public sealed class Validator : AbstractValidator<HoldRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Lines).NotEmpty().WithMessage("Choisissez au moins une place.").Must(l => l.Count <= 20);
            RuleForEach(r => r.Lines).ChildRules(l =>
            {
                l.RuleFor(x => x.Category).NotEmpty().MaximumLength(20);
                l.RuleFor(x => x.Rate).NotEmpty().MaximumLength(20);
                l.RuleFor(x => x.Quantity).InclusiveBetween(1, 100).WithMessage("Entre 1 et 100 places par ligne.");
                l.RuleFor(x => x.SubscriberNumber).MaximumLength(40);
            });
            RuleFor(r => r.Email).EmailAddress().MaximumLength(200).When(r => !string.IsNullOrEmpty(r.Email));
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ticketing/public/{officeId}/sessions/{sessionId}/holds", HandlePublicAsync).AllowAnonymous()
            .Validate<HoldRequest>().Idempotent()
            .WithTags("Ticketing — buyers").WithName("HoldTicketingSeats")
            .WithSummary("Holds seats during checkout (expires); 409 sold out, 429 busy — try again.");
        app.MapPost("/api/ticketing/sessions/{sessionId}/holds", HandleStaffAsync).RequireAuthorization(PlatformPolicies.OfficeStaff)
            .Validate<HoldRequest>().Idempotent()
            .WithTags("Ticketing — counter").WithName("HoldTicketingSeatsAtCounter");
    }

    internal static async Task<Results<Created<HoldView>, ProblemHttpResult>> HandlePublicAsync(
        string officeId, string sessionId, HoldRequest body, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Email))
        {
            throw new RequestValidationException("email", "Indiquez votre adresse e-mail : elle identifie l'acheteur pour les limites de places par personne.");
        }

        await http.RequestServices.GetRequiredService<OfficeClock>().RequireOfficeAsync(officeId, ct);
        var context = new CommandContext(officeId, null, Guid.NewGuid());
        return await HoldAsync(officeId, sessionId, body, accountId: null, context, http, ct);
    }

    internal static Task<Results<Created<HoldView>, ProblemHttpResult>> HandleStaffAsync(
        string sessionId, HoldRequest body, HttpContext http, ICallerContext caller, CancellationToken ct) =>
        HoldAsync(caller.TenantId, sessionId, body, caller.CustomerId is null ? null : caller.UserId, caller.ForRequest(http) with { Expected = null }, http, ct);

    private static async Task<Results<Created<HoldView>, ProblemHttpResult>> HoldAsync(
        string officeId, string sessionId, HoldRequest body, string? accountId, CommandContext context, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var desk = services.GetRequiredService<SessionDesk>();
        var handler = services.GetRequiredService<CommandHandler>();
        var options = services.GetRequiredService<TicketingOptions>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        var (session, _) = await desk.PeekAsync(officeId, sessionId, ct);
        if (!session.Exists)
        {
            throw new NotFoundException("Cette séance n'existe pas.");
        }

        // Sold out already (as of the last commit, expiries due now counted as free): answer "complet" at once, without queueing
        // behind the sale — a loser of a flash sale hears it in milliseconds. Anything else is decided on the fresh state by the desk.
        var current = session.Cancelled is null ? Session.Decide(new ExpireHolds(now), session).Aggregate(session, Session.Evolve) : session;
        foreach (var category in body.Lines.Select(l => l.Category.ToLowerInvariant()).Distinct())
        {
            if (current.Category(category) is { } known && current.AvailableIn(known.Code) == 0)
            {
                throw new DomainRuleViolation("session.sold-out", $"Complet : il n'y a plus de place en « {known.Label} ».", isConflict: true);
            }
        }

        var show = await ShowCache.GetAsync(services, officeId, session.Plan!.ShowId, ct);
        var priced = await Pricing.PriceLinesAsync(services, officeId, show, session, body.Lines, now, ct);
        if (body.Lines.Sum(l => l.Quantity) > show.Definition!.MaxSeatsPerOrder)
        {
            throw new DomainRuleViolation("limit.per-order", $"Au plus {show.Definition.MaxSeatsPerOrder} places par commande.");
        }

        var keys = BuyerKeys.For(officeId, accountId, body.Email, null);
        var prior = 0;
        foreach (var key in keys)
        {
            var ledger = await handler.LoadAsync(BuyerLedger.Decider, BuyerLedger.StreamId(show.Definition.ShowId, key), officeId, ct: ct);
            prior = Math.Max(prior, ledger.State.TotalOutside(sessionId));
        }

        var holdId = Guid.NewGuid().ToString("N");
        var command = new HoldSeats(holdId, keys, [.. body.Lines.Select(l => new HoldLine(l.Category.ToLowerInvariant(), l.Rate.ToLowerInvariant(), l.Quantity))],
            show.Definition.MaxSeatsPerPerson, prior, now, now.AddMinutes(options.HoldMinutes));
        DeskResult result;
        try
        {
            result = await desk.SubmitAsync(sessionId, command, context);
        }
        catch (SessionBusyException busy)
        {
            return TicketingProblems.Busy(http, busy);
        }

        var held = result.NewEvents.OfType<SeatsHeld>().Single();
        var lines = held.Lines.Select(l =>
        {
            var p = priced.First(x => x.Category == l.Category && x.Rate.Code == l.RateCode);
            return new HeldLineView(l.Category, l.RateCode, p.Rate.Label, l.Quantity, l.Seats, p.UnitPrice, p.Rate.ProofRequired);
        }).ToList();
        var faceValue = lines.Sum(l => l.UnitPrice * l.Quantity);
        var fees = show.Definition.HandlingFeePerTicket * lines.Where(l => priced.First(p => p.Rate.Code == l.Rate).Rate.Kind != RateKind.Free).Sum(l => l.Quantity);
        var view = new HoldView(holdId, sessionId, held.ExpiresAt, lines, faceValue, fees, faceValue + fees, held.Separated,
            held.Separated ? "Il ne restait pas assez de places côte à côte : les places attribuées sont séparées." : null);
        return TypedResults.Created($"/api/ticketing/public/{officeId}/sessions/{sessionId}/holds/{holdId}", view);
    }
}

/// <summary>The price of each line (face value TTC per seat at the show's VAT) and the rate rules checked before holding: the rate
/// exists and is sold in that category, a group rate has its minimum, a subscriber rate has an active subscriber number
/// (Subscriptions' <see cref="ISubscriberDirectory"/>).</summary>
internal static class Pricing
{
    public sealed record PricedLine(string Category, Rate Rate, int Quantity, long UnitPrice);

    public static async Task<IReadOnlyList<PricedLine>> PriceLinesAsync(IServiceProvider services, string officeId, ShowState show, SessionState session,
        IReadOnlyList<HoldSeatsEndpoint.HoldLineRequest> lines, DateTimeOffset now, CancellationToken ct)
    {
        var result = new List<PricedLine>();
        foreach (var line in lines)
        {
            var category = session.Category(line.Category)
                ?? throw new DomainRuleViolation("category.unknown", $"La catégorie « {line.Category} » n'existe pas pour cette séance.");
            var rate = show.RequireRate(line.Rate);
            if (!rate.Prices.TryGetValue(category.Code, out var price))
            {
                throw new DomainRuleViolation("rate.category", $"Le tarif « {rate.Label} » n'est pas proposé en « {category.Label} ».");
            }

            if (rate.Kind == RateKind.Group && line.Quantity < rate.GroupMinimum)
            {
                throw new DomainRuleViolation("rate.group-minimum", $"Le tarif « {rate.Label} » demande au moins {rate.GroupMinimum} places.");
            }

            if (rate.Kind == RateKind.Subscriber)
            {
                if (string.IsNullOrWhiteSpace(line.SubscriberNumber))
                {
                    throw new DomainRuleViolation("rate.subscriber-number", $"Le tarif « {rate.Label} » demande un numéro d'abonné.");
                }

                var directory = services.GetService<ISubscriberDirectory>();
                var zone = await services.GetRequiredService<OfficeClock>().RequireOfficeAsync(officeId, ct);
                var check = directory is null ? null : await directory.CheckAsync(officeId, line.SubscriberNumber, OfficeClock.LocalDate(now, zone), ct);
                if (check is not { Active: true })
                {
                    throw new DomainRuleViolation("rate.subscriber-inactive", $"Le numéro d'abonné « {line.SubscriberNumber.Trim()} » est inconnu ou n'est pas en cours de validité.");
                }
            }

            result.Add(new PricedLine(category.Code, rate, line.Quantity, price));
        }

        return result;
    }
}

/// <summary>Shows change rarely; a hold in a flash sale should not re-read its show's stream. Cached per office and show for a few
/// seconds (a new show is never stale: a miss reads the stream).</summary>
internal static class ShowCache
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), (ShowState State, DateTimeOffset Until)> Cache = new();

    public static async Task<ShowState> GetAsync(IServiceProvider services, string officeId, string showId, CancellationToken ct)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (Cache.TryGetValue((officeId, showId), out var hit) && hit.Until > now)
        {
            return hit.State;
        }

        var handler = services.GetRequiredService<CommandHandler>();
        var state = (await handler.LoadAsync(Show.Decider, Show.StreamId(showId), officeId, mustExist: true, ct: ct)).State;
        Cache[(officeId, showId)] = (state, now.AddSeconds(10));
        return state;
    }
}
