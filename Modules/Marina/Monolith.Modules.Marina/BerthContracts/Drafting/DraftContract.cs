using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Marina.BerthContracts.Details;
using Monolith.Modules.Marina.Holders;
using Monolith.Modules.Marina.Ports;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Marina.BerthContracts.Drafting;

/// <summary>Staff: drafts a holder's annual contract for a berth and a season, priced from the season's price list (berth by size
/// category, options), under the office's terms of sale in force; and changes a draft (which restarts its signature).</summary>
internal static class DraftContract
{
    public sealed record DraftContractRequest(string? ContractId, string HolderId, string BoatId, string BerthId, int Season, IReadOnlyList<string>? Options);

    public sealed record ChangeContractRequest(string BoatId, string BerthId, IReadOnlyList<string>? Options);

    public sealed class Validator : AbstractValidator<DraftContractRequest>
    {
        public Validator()
        {
            RuleFor(r => r.ContractId).MaximumLength(40).Matches("^[A-Za-z0-9-]+$").When(r => r.ContractId is not null);
            RuleFor(r => r.HolderId).NotEmpty();
            RuleFor(r => r.BoatId).NotEmpty();
            RuleFor(r => r.BerthId).NotEmpty();
            RuleFor(r => r.Season).InclusiveBetween(2000, 2100);
        }
    }

    public sealed class ChangeValidator : AbstractValidator<ChangeContractRequest>
    {
        public ChangeValidator()
        {
            RuleFor(r => r.BoatId).NotEmpty();
            RuleFor(r => r.BerthId).NotEmpty();
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/marina/contracts").WithTags("Marina — contracts");
        group.MapPost("/", async Task<Created<ContractView>> (DraftContractRequest request, ICallerContext caller, HttpContext http, CommandHandler handler,
            IOfficeDirectory offices, TimeProvider time, CancellationToken ct) =>
        {
            var office = caller.TenantId;
            var port = (await handler.LoadAsync(Port.Decider, Port.StreamId(office), office, ct: ct)).State;
            var holder = (await handler.LoadAsync(Holder.Decider, Holder.StreamId(request.HolderId), office, mustExist: true, ct)).State;
            var seasonStart = port.PriceLists.GetValueOrDefault(request.Season)?.SeasonStart ?? new DateOnly(request.Season, 1, 1);
            var terms = await offices.GetTermsInForceAsync(office, seasonStart, ct);
            var (season, priced) = ContractPricing.Price(port, holder, request.Season, request.BerthId, request.BoatId, request.Options ?? [], terms?.Version);
            var contractId = request.ContractId ?? Guid.NewGuid().ToString("N");
            var result = await handler.HandleAsync(BerthContract.For(office), BerthContract.StreamId(contractId),
                new BerthContracts.DraftContract(contractId, holder.HolderId!, season, priced, null, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            http.Response.SetRevision(result.Revision);
            return TypedResults.Created($"/api/marina/contracts/{contractId}", ContractView.From(result.State, office));
        }).RequireAuthorization("office-staff").Validate<DraftContractRequest>().Idempotent().WithName("MarinaDraftContract")
          .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
          .WithSummary("Drafts an annual contract: holder, boat, berth, season; priced from the season's price list (berth category, options).");

        group.MapPut("/{contractId}", async Task<Ok<ContractView>> (string contractId, ChangeContractRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var office = caller.TenantId;
            var contract = await handler.LoadAsync(BerthContract.For(office), BerthContract.StreamId(contractId), office, mustExist: true, ct);
            var port = (await handler.LoadAsync(Port.Decider, Port.StreamId(office), office, ct: ct)).State;
            var holder = (await handler.LoadAsync(Holder.Decider, Holder.StreamId(contract.State.HolderId), office, mustExist: true, ct)).State;
            var (_, priced) = ContractPricing.Price(port, holder, contract.State.Season!.Year, request.BerthId, request.BoatId, request.Options ?? [],
                contract.State.Terms!.TermsVersion);
            var result = await handler.HandleAsync(BerthContract.For(office), BerthContract.StreamId(contractId), new ChangeContract(priced, time.GetUtcNow()),
                caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            http.Response.SetRevision(result.Revision);
            return TypedResults.Ok(ContractView.From(result.State, office));
        }).RequireAuthorization("office-staff").Validate<ChangeContractRequest>().Idempotent().RequireIfMatch().WithName("MarinaChangeContract")
          .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
          .WithSummary("Changes a contract not yet signed (berth, boat, options): a new version; signature steps already accepted start again.");
    }
}
