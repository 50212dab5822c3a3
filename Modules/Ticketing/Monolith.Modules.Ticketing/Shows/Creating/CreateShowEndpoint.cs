using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Ticketing.Shows.Creating;

/// <summary>Staff: put a show or leisure activity on sale — kind (decides VAT), organiser, rates with their prices per seat category,
/// handling fee per ticket (shown apart, never refunded), per-person and per-order limits (default 15 and 20).</summary>
internal static class CreateShowEndpoint
{
    public sealed record RateRequest(string Code, string Label, RateKind Kind, Dictionary<string, long> Prices, string? ProofRequired, int? GroupMinimum);

    public sealed record CreateShowRequest(
        string ShowId,
        string Name,
        ShowKind Kind,
        string OrganiserName,
        bool OrganiserIsPartner,
        IReadOnlyList<RateRequest> Rates,
        long HandlingFeePerTicket = 0,
        int? MaxSeatsPerPerson = null,
        int? MaxSeatsPerOrder = null,
        bool Nominative = false,
        bool TransfersAllowed = false,
        string? OrganiserId = null,
        string? OrganiserSiren = null);

    public sealed record ShowView(string ShowId, string Name, ShowKind Kind, string Organiser, bool OrganiserIsPartner, VatRate VatRate,
        IReadOnlyList<Rate> Rates, long HandlingFeePerTicket, int MaxSeatsPerPerson, int MaxSeatsPerOrder, bool Nominative, bool TransfersAllowed) : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    public sealed class Validator : AbstractValidator<CreateShowRequest>
    {
        public Validator()
        {
            RuleFor(r => r.ShowId).NotEmpty().MaximumLength(40).Matches("^[a-z0-9][a-z0-9-]*$")
                .WithMessage("Identifiant : lettres minuscules, chiffres et tirets.");
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.OrganiserName).NotEmpty().MaximumLength(200);
            RuleFor(r => r.OrganiserId).MaximumLength(60).Matches("^[a-z0-9][a-z0-9-]*$").When(r => r.OrganiserId is not null)
                .WithMessage("Identifiant de l'organisateur : lettres minuscules, chiffres et tirets.");
            RuleFor(r => r.OrganiserSiren).Matches("^[0-9]{9}$").When(r => r.OrganiserSiren is not null)
                .WithMessage("Le SIREN de l'organisateur compte 9 chiffres.");
            RuleFor(r => r.OrganiserIsPartner).Equal(true).When(r => r.OrganiserId is not null || r.OrganiserSiren is not null)
                .WithMessage("Un identifiant ou un SIREN d'organisateur ne concerne qu'un organisateur partenaire.");
            RuleFor(r => r.Rates).NotEmpty().Must(r => r.Count <= 20);
            RuleForEach(r => r.Rates).ChildRules(rate =>
            {
                rate.RuleFor(x => x.Code).NotEmpty().MaximumLength(20).Matches("^[a-z0-9-]+$");
                rate.RuleFor(x => x.Label).NotEmpty().MaximumLength(100);
                rate.RuleFor(x => x.Prices).NotEmpty().WithMessage("Indiquez le prix de chaque catégorie proposée à ce tarif (en centimes TTC).");
            });
            RuleFor(r => r.HandlingFeePerTicket).GreaterThanOrEqualTo(0);
            RuleFor(r => r.MaxSeatsPerPerson).InclusiveBetween(1, 1000).When(r => r.MaxSeatsPerPerson is not null);
            RuleFor(r => r.MaxSeatsPerOrder).InclusiveBetween(1, 1000).When(r => r.MaxSeatsPerOrder is not null);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/ticketing/shows", HandleAsync)
            .RequireAuthorization(PlatformPolicies.OfficeStaff).Validate<CreateShowRequest>().Idempotent()
            .WithTags("Ticketing — catalogue").WithName("CreateTicketingShow")
            .WithSummary("Creates a show or leisure activity with its rates, fees and per-person limits.");

    internal static async Task<Results<Created<ShowView>, Ok<ShowView>>> HandleAsync(
        CreateShowRequest body, HttpContext http, ICallerContext caller, CommandHandler handler, TimeProvider time, CancellationToken ct)
    {
        var command = new CreateShow(body.ShowId, body.Name, body.Kind, new Organiser(body.OrganiserName.Trim(), body.OrganiserIsPartner, body.OrganiserId, body.OrganiserSiren),
            [.. body.Rates.Select(r => new Rate(r.Code, r.Label.Trim(), r.Kind, r.Prices.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value),
                string.IsNullOrWhiteSpace(r.ProofRequired) ? null : r.ProofRequired.Trim(), r.GroupMinimum))],
            body.HandlingFeePerTicket, body.MaxSeatsPerPerson ?? Show.DefaultMaxSeatsPerPerson, body.MaxSeatsPerOrder ?? Show.DefaultMaxSeatsPerOrder,
            body.Nominative, body.TransfersAllowed, time.GetUtcNow());
        var result = await handler.HandleAsync(Show.Decider, Show.StreamId(body.ShowId), command, caller.ForRequest(http), ct: ct);
        var view = ToView(result.State.Require());
        http.Response.SetRevision(result.Revision);
        return result.NewEvents.Count == 0 ? TypedResults.Ok(view) : TypedResults.Created($"/api/ticketing/shows/{body.ShowId}", view);
    }

    internal static ShowView ToView(ShowCreated s) => new(s.ShowId, s.Name, s.Kind, s.Organiser.Name, s.Organiser.IsPartner, VatRate.Of(s.VatBasisPoints), s.Rates,
        s.HandlingFeePerTicket, s.MaxSeatsPerPerson, s.MaxSeatsPerOrder, s.Nominative, s.TransfersAllowed);
}
