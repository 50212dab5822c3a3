using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Marina.BerthContracts.Signing;

namespace Monolith.Modules.Marina.BerthContracts.Details;

internal sealed record SignatureStepView(int Step, string Statement, bool Accepted, DateTimeOffset? AcceptedAt, string? Signer, string? PdfSha256);

/// <summary>A price line of a contract as answered (the stored <see cref="ContractLine"/> keeps its basis points).</summary>
internal sealed record ContractLineView(string Code, string Label, int Quantity, long UnitPriceTtc, long TotalTtc, VatRate VatRate)
{
    public static ContractLineView From(ContractLine l) => new(l.Code, l.Label, l.Quantity, l.UnitPriceTtc, l.TotalTtc, l.VatRate);
}

/// <summary>A contract as staff and its holder see it: content, version, the three signature steps and what is next.</summary>
internal sealed record ContractView(
    string ContractId, string HolderId, int Season, DateOnly SeasonStart, DateOnly SeasonEnd, string BerthId, string BoatId, IReadOnlyList<ContractLineView> Lines,
    long TotalTtc, int? TermsVersion, int Version, string Status, IReadOnlyList<SignatureStepView> Steps, int? NextStep, DateTimeOffset? SignedAt,
    string? InvoiceId, string? InvoiceNumber, string? RenewalOf) : IHasCurrency
{
    public string Currency => Currencies.Euro;

    public static ContractView From(BerthContractState s, string officeId) => new(
        s.ContractId!, s.HolderId, s.Season!.Year, s.Season.Start, s.Season.End, s.Terms!.BerthId, s.Terms.BoatId, [.. s.Terms.Lines.Select(ContractLineView.From)], s.Terms.TotalTtc,
        s.Terms.TermsVersion, s.Version, s.Status switch { ContractStatus.Signed => "signed", ContractStatus.TacitlyRenewed => "tacitly-renewed", _ => "draft" },
        [.. SignatureSteps.Statements.Select((statement, i) => s.Steps.FirstOrDefault(a => a.Step == i + 1) is { } a
            ? new SignatureStepView(i + 1, statement, true, a.At, a.Signer, a.PdfSha256)
            : new SignatureStepView(i + 1, statement, false, null, null, null))],
        s.Status == ContractStatus.Draft ? s.NextStep : null, s.SignedAt, s.InvoiceId, s.InvoiceNumber, s.RenewalOf);
}

/// <summary>GET a contract: staff (any of the office's) and the holder on the portal (their own only).</summary>
internal static class ContractDetails
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/marina/contracts/{contractId}", (string contractId, ICallerContext caller, HttpContext http, ContractDocument documents, CancellationToken ct) =>
                GetAsync(contractId, null, caller, http, documents, ct))
            .RequireAuthorization("office-read").WithTags("Marina — contracts").WithName("MarinaGetContract");

        app.MapGet("/api/marina/portal/contracts/{contractId}", (string contractId, ICallerContext caller, HttpContext http, ContractDocument documents,
                CancellationToken ct) => GetAsync(contractId, Portal.PortalCaller.HolderId(caller), caller, http, documents, ct))
            .RequireAuthorization("customer").WithTags("Marina — holder portal").WithName("MarinaPortalGetContract")
            .WithSummary("The holder's contract: details, price lines, the three signature steps and the next one.");
    }

    private static async Task<Ok<ContractView>> GetAsync(string contractId, string? holderId, ICallerContext caller, HttpContext http, ContractDocument documents,
        CancellationToken ct)
    {
        var loaded = await documents.LoadAsync(caller.TenantId, contractId, holderId, ct);
        http.Response.SetRevision(loaded.Contract.Revision);
        return TypedResults.Ok(ContractView.From(loaded.Contract.State, caller.TenantId));
    }
}
