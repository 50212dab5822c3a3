using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Marina.Ports.Configuring;

/// <summary>Staff: adds a berth (place) on a pontoon, with its size category and the largest boat it takes.</summary>
internal static class AddBerth
{
    public sealed record AddBerthRequest(string BerthId, string Pontoon, string Number, string Category, int MaxLengthCm, int MaxBeamCm);

    public sealed record BerthView(string BerthId, string Pontoon, string Number, string Category, int MaxLengthCm, int MaxBeamCm);

    public sealed class Validator : AbstractValidator<AddBerthRequest>
    {
        public Validator()
        {
            RuleFor(r => r.BerthId).NotEmpty().MaximumLength(40).Matches("^[A-Za-z0-9-]+$").WithMessage("Identifiant de place : lettres, chiffres et tirets.");
            RuleFor(r => r.Pontoon).NotEmpty().MaximumLength(20);
            RuleFor(r => r.Number).NotEmpty().MaximumLength(20);
            RuleFor(r => r.Category).NotEmpty().MaximumLength(20);
            RuleFor(r => r.MaxLengthCm).InclusiveBetween(100, 10000).WithMessage("Longueur maximale en centimètres (1 à 100 m).");
            RuleFor(r => r.MaxBeamCm).InclusiveBetween(50, 3000).WithMessage("Largeur maximale en centimètres (0,5 à 30 m).");
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/marina/berths", async Task<Created<BerthView>> (
            AddBerthRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var berth = new Berth(request.BerthId.Trim(), request.Pontoon.Trim(), request.Number.Trim(), request.Category.Trim(), request.MaxLengthCm, request.MaxBeamCm);
            var result = await handler.HandleAsync(Port.Decider, Port.StreamId(caller.TenantId), new Ports.AddBerth(berth, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            http.Response.SetRevision(result.Revision);
            return TypedResults.Created($"/api/marina/berths/{berth.BerthId}",
                new BerthView(berth.BerthId, berth.Pontoon, berth.Number, berth.Category, berth.MaxLengthCm, berth.MaxBeamCm));
        })
        .RequireAuthorization("office-staff").Validate<AddBerthRequest>().Idempotent()
        .WithTags("Marina — port").WithName("MarinaAddBerth").ProducesProblem(StatusCodes.Status409Conflict)
        .WithSummary("Adds a berth (place) on a pontoon: number, size category, maximum length and beam.");
}
