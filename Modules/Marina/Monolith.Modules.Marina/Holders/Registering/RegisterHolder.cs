using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Marina.Holders.Registering;

/// <summary>Staff: records a berth holder (plaisancier) — name, postal address, and the e-mail the harbour office knows, if any (with it
/// the holder registers on the portal with their e-mail alone, case 1 of the seed) — and their boats.</summary>
internal static class RegisterHolder
{
    public sealed record AddressRequest(string Street, string PostalCode, string City, string? Country);

    public sealed record RegisterHolderRequest(string? HolderId, string Name, string? Email, string? Phone, AddressRequest Address);

    public sealed record BoatRequest(string BoatId, string Name, string Registration, int LengthCm, int BeamCm);

    public sealed record HolderView(string HolderId, string Name, string? Email, IReadOnlyList<Boat> Boats, IReadOnlyList<Absence> Absences, bool HasPortalAccount);

    public sealed class Validator : AbstractValidator<RegisterHolderRequest>
    {
        public Validator()
        {
            RuleFor(r => r.HolderId).MaximumLength(40).Matches("^[A-Za-z0-9-]+$").When(r => r.HolderId is not null);
            RuleFor(r => r.Name).NotEmpty().MaximumLength(140).WithMessage("Le nom du plaisancier est obligatoire.");
            RuleFor(r => r.Email).EmailAddress().MaximumLength(254).When(r => !string.IsNullOrWhiteSpace(r.Email));
            RuleFor(r => r.Phone).MaximumLength(30);
            RuleFor(r => r.Address).NotNull();
            RuleFor(r => r.Address.Street).NotEmpty().MaximumLength(70).When(r => r.Address is not null);
            RuleFor(r => r.Address.PostalCode).NotEmpty().MaximumLength(10).When(r => r.Address is not null);
            RuleFor(r => r.Address.City).NotEmpty().MaximumLength(60).When(r => r.Address is not null);
            RuleFor(r => r.Address.Country).Matches("^[A-Z]{2}$").When(r => r.Address?.Country is not null)
                .WithMessage("Pays : code ISO à deux lettres (FR).");
        }
    }

    public sealed class BoatValidator : AbstractValidator<BoatRequest>
    {
        public BoatValidator()
        {
            RuleFor(r => r.BoatId).NotEmpty().MaximumLength(40).Matches("^[A-Za-z0-9-]+$");
            RuleFor(r => r.Name).NotEmpty().MaximumLength(70);
            RuleFor(r => r.Registration).NotEmpty().MaximumLength(30);
            RuleFor(r => r.LengthCm).InclusiveBetween(100, 10000).WithMessage("Longueur du bateau en centimètres.");
            RuleFor(r => r.BeamCm).InclusiveBetween(50, 3000).WithMessage("Largeur (bau) du bateau en centimètres.");
        }
    }

    public static HolderView View(HolderState s) => new(s.HolderId!, s.Name, s.Email, s.Boats, s.Absences, s.PortalUserId is not null);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/marina/holders").WithTags("Marina — berth holders");
        group.MapPost("/", async Task<Created<HolderView>> (RegisterHolderRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time,
            CancellationToken ct) =>
        {
            var holderId = request.HolderId ?? Guid.NewGuid().ToString("N");
            var a = request.Address;
            var result = await handler.HandleAsync(Holder.Decider, Holder.StreamId(holderId),
                new Holders.RegisterHolder(holderId, request.Name, request.Email, request.Phone, new HolderAddress(a.Street.Trim(), a.PostalCode.Trim(), a.City.Trim(), a.Country ?? "FR"),
                    time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            http.Response.SetRevision(result.Revision);
            return TypedResults.Created($"/api/marina/holders/{holderId}", View(result.State));
        }).RequireAuthorization("office-staff").Validate<RegisterHolderRequest>().Idempotent().WithName("MarinaRegisterHolder")
          .WithSummary("Records a berth holder: name, postal address, e-mail known to the harbour office (optional), phone.");

        group.MapPost("/{holderId}/boats", async Task<Ok<HolderView>> (string holderId, BoatRequest request, ICallerContext caller, HttpContext http, CommandHandler handler,
            TimeProvider time, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(Holder.Decider, Holder.StreamId(holderId),
                new AddBoat(new Boat(request.BoatId, request.Name.Trim(), request.Registration.Trim(), request.LengthCm, request.BeamCm), time.GetUtcNow()),
                caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            http.Response.SetRevision(result.Revision);
            return TypedResults.Ok(View(result.State));
        }).RequireAuthorization("office-staff").Validate<BoatRequest>().Idempotent().WithName("MarinaAddBoat")
          .WithSummary("Adds a boat to the holder: name, registration, length and beam in centimetres.");

        group.MapGet("/{holderId}", async Task<Ok<HolderView>> (string holderId, ICallerContext caller, HttpContext http, CommandHandler handler, CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(Holder.Decider, Holder.StreamId(holderId), caller.TenantId, mustExist: true, ct);
            http.Response.SetRevision(loaded.Revision);
            return TypedResults.Ok(View(loaded.State));
        }).RequireAuthorization("office-read").WithName("MarinaGetHolder").WithSummary("The holder, their boats and declared absences.");
    }
}
