using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Marina.BerthContracts.Details;
using Monolith.Modules.Marina.Shared;

namespace Monolith.Modules.Marina.Portal.Account;

/// <summary>The holder's portal: "Compte client" — every invoice with number, date, amount TTC, paid, balance and label, and the totals
/// (invoices, payments, difference) — paying one invoice online (the bank's page, reference = the invoice number, amount = its balance),
/// and the list of their contracts and mandates.</summary>
internal static class PortalAccount
{
    public sealed record AccountLine(string InvoiceId, string Number, DateOnly Date, long AmountTtc, long Paid, long Balance, string Label, bool CanPayOnline);

    public sealed record AccountView(IReadOnlyList<AccountLine> Invoices, long TotalInvoices, long TotalPayments, long Difference) : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    public sealed record CardPaymentRequest(string ReturnUrl);

    public sealed record ContractSummary(string ContractId, int Season, string BerthId, string Status, int StepsDone, long TotalTtc, string? InvoiceNumber)
        : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    /// <summary>The statuses of a mandate (<c>?status=</c> on the portal's list; anything else is a 400).</summary>
    internal static readonly string[] MandateStatuses = ["active", "lapsed"];

    private static readonly IReadOnlyDictionary<string, string> ContractSorts = new Dictionary<string, string>
    {
        ["season"] = "season",
        ["total"] = "total_ttc",
    };

    /// <summary>A row as stored (integers whatever width the engine returns: Dapper converts into properties).</summary>
    private sealed class ContractRow
    {
        public string ContractId { get; set; } = "";

        public long Season { get; set; }

        public string BerthId { get; set; } = "";

        public string Status { get; set; } = "";

        public long StepsDone { get; set; }

        public long TotalTtc { get; set; }

        public string? InvoiceNumber { get; set; }
    }

    private sealed record MandateRow(string MandateId, string Rum, string Status, string SignedOn, string LapsesOn);

    public sealed record MandateSummary(string MandateId, string Rum, string Status, DateOnly SignedOn, DateOnly LapsesOn);

    public sealed class Validator : AbstractValidator<CardPaymentRequest>
    {
        public Validator() => RuleFor(r => r.ReturnUrl).NotEmpty().MaximumLength(500);
    }

    /// <summary>The seed's "Compte client": totals of invoices and of what was paid on them (payments and credit applied), and their
    /// difference — 1 698 € − 848 € = 850 €.</summary>
    public static AccountView From(CustomerAccountView account) => new(
        [.. account.Invoices.Select(i => new AccountLine(i.InvoiceId, i.Number, i.IssueDate, i.TotalTtc, i.Paid, i.Balance, i.Label, i.Balance > 0))],
        account.Invoices.Sum(i => i.TotalTtc),
        account.Invoices.Sum(i => i.Paid),
        account.Invoices.Sum(i => i.Balance));

    public static void Map(IEndpointRouteBuilder app)
    {
        var portal = app.MapGroup("/api/marina/portal").WithTags("Marina — holder portal").RequireAuthorization("customer");

        portal.MapGet("/account", async Task<Ok<AccountView>> (ICallerContext caller, IBillingService billing, CancellationToken ct) =>
                TypedResults.Ok(From(await billing.GetCustomerAccountAsync(caller.TenantId, PortalCaller.HolderId(caller), ct))))
            .WithName("MarinaPortalAccount")
            .WithSummary("Compte client: every invoice (number, date, amount TTC, paid, balance, label) and the totals of invoices, payments and their difference.");

        portal.MapPost("/invoices/{invoiceId}/card-payment", async Task<Ok<CardPaymentStarted>> (string invoiceId, CardPaymentRequest request, ICallerContext caller,
            IBillingService billing, CancellationToken ct) =>
        {
            // From the log, not the account's read model: an invoice issued a moment ago can be paid at once; another holder's is 404.
            if (await billing.GetCustomerPaymentRequestAsync(caller.TenantId, PortalCaller.HolderId(caller), invoiceId, ct) is null)
            {
                throw new NotFoundException("Facture introuvable.");
            }

            return TypedResults.Ok(await billing.StartCardPaymentAsync(caller.TenantId, invoiceId, request.ReturnUrl, ct));
        }).Validate<CardPaymentRequest>().Idempotent().WithName("MarinaPortalPayInvoice")
          .WithSummary("\"Règlement\": starts paying one invoice by card on the bank's page — reference = invoice number, amount = its balance.");

        portal.MapGet("/contracts", async Task<Ok<Paged<ContractSummary>>> (string? status, int? season, string? sort, int? page, int? pageSize,
            ICallerContext caller, IReadModelDatabase connections, CancellationToken ct) =>
        {
            if (season is < 2000 or > 2100)
            {
                throw new RequestValidationException("season", "La saison doit être une année entre 2000 et 2100.");
            }

            var args = new { office = caller.TenantId, holder = PortalCaller.HolderId(caller), status = ListFilters.OneOf(status, "status", ContractList.Statuses), season };
            var orderBy = ListSort.OrderBy(sort, ContractSorts, "-season", "contract_id");
            await using var connection = await connections.OpenAsync(ct);
            var rows = await ListQuery.PageAsync<ContractRow>(
                connection,
                "contract_id AS ContractId, season AS Season, berth_id AS BerthId, status AS Status, steps_done AS StepsDone, total_ttc AS TotalTtc, invoice_number AS InvoiceNumber",
                """
                FROM marina_contracts
                WHERE office_id = @office AND holder_id = @holder AND (@status IS NULL OR status = @status) AND (@season IS NULL OR season = @season)
                """,
                orderBy,
                args,
                page,
                pageSize);
            return TypedResults.Ok(rows.Map(r => new ContractSummary(r.ContractId, (int)r.Season, r.BerthId, r.Status, (int)r.StepsDone, r.TotalTtc, r.InvoiceNumber)));
        }).WithName("MarinaPortalContracts").WithListFilter("status", ContractList.Statuses).WithListSort(ContractSorts, "-season")
          .WithSummary("The holder's contracts (paged), newest season first: status, season; sort.");

        portal.MapGet("/mandates", async Task<Ok<Paged<MandateSummary>>> (string? status, int? page, int? pageSize, ICallerContext caller,
            IReadModelDatabase connections, CancellationToken ct) =>
        {
            var args = new { office = caller.TenantId, holder = PortalCaller.HolderId(caller), status = ListFilters.OneOf(status, "status", MandateStatuses) };
            await using var connection = await connections.OpenAsync(ct);
            var rows = await ListQuery.PageAsync<MandateRow>(
                connection,
                "mandate_id AS MandateId, rum AS Rum, status AS Status, signed_on AS SignedOn, lapses_on AS LapsesOn",
                "FROM marina_mandates WHERE office_id = @office AND holder_id = @holder AND (@status IS NULL OR status = @status)",
                "signed_on DESC, mandate_id",
                args,
                page,
                pageSize);
            return TypedResults.Ok(rows.Map(r => new MandateSummary(r.MandateId, r.Rum, r.Status, Day.Parse(r.SignedOn), Day.Parse(r.LapsesOn))));
        }).WithName("MarinaPortalMandates").WithListFilter("status", MandateStatuses).WithSummary("The holder's SEPA mandates (paged), newest first: status.");

        app.MapGet("/api/marina/holders/{holderId}/account", async Task<Ok<AccountView>> (string holderId, ICallerContext caller, IBillingService billing,
                CancellationToken ct) => TypedResults.Ok(From(await billing.GetCustomerAccountAsync(caller.TenantId, holderId, ct))))
            .RequireAuthorization("office-read").WithTags("Marina — berth holders").WithName("MarinaHolderAccount")
            .WithSummary("The holder's customer account, as the portal shows it.");
    }
}
