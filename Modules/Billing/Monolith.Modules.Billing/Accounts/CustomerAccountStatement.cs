using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Accounts;

/// <summary>GET <c>/api/billing/customers/{customerId}/account</c>: the customer account (office users; a customer for their own).</summary>
internal static class CustomerAccountStatementEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapGet("/customers/{customerId}/account", HandleAsync).RequireAuthorization().WithName("GetCustomerAccount")
            .WithSummary("The customer account: every invoice with paid and balance; totals of invoices, credit notes, payments, refunds; available credit.");

    internal static async Task<Ok<CustomerAccountView>> HandleAsync(string customerId, ICallerContext caller, AccountStatements statements, CancellationToken ct)
    {
        BillingAccess.RequireOwnRecord(caller, customerId);
        return TypedResults.Ok(await statements.GetAsync(caller.TenantId, customerId, ct));
    }
}

/// <summary>The customer account today: the invoices from the read model, folded with the account stream. An invoice the account
/// stream already names (paid, credited, reminded) but the read model has not projected yet is read from the log, so a payment
/// recorded right after an invoice is issued never shows as a payment without its invoice.</summary>
internal sealed class AccountStatements(InvoiceList invoices, AccountReader accounts, NumberedDocuments documents, BillingOffices offices)
{
    public async Task<CustomerAccountView> GetAsync(string officeId, string customerId, CancellationToken ct = default)
    {
        var today = await offices.TodayAsync(officeId, ct);
        var rows = (await invoices.ListAsync(officeId, customerId, ct))
            .Select(i => new CustomerAccountInvoice(i.InvoiceId, i.Number, i.IssueDate, i.DueDate, i.Label, i.TotalTtc, 0, i.TotalTtc))
            .ToList();
        var events = await accounts.ReadAsync(officeId, customerId, ct);
        var state = CustomerAccount.For(customerId).Fold(events);
        foreach (var invoiceId in state.Invoices.Keys.Where(id => rows.All(r => r.InvoiceId != id)).Order(StringComparer.Ordinal))
        {
            if (await documents.LoadInvoiceAsync(officeId, invoiceId, ct) is { } e && e.CustomerId == customerId)
            {
                rows.Add(new CustomerAccountInvoice(e.InvoiceId, e.Number, e.IssueDate, e.DueDate, e.Label, e.Totals.TotalTtc, 0, e.Totals.TotalTtc));
            }
        }

        return CustomerStatement.Build(customerId, rows, events, today);
    }
}
