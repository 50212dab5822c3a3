using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Billing;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Host.Tests.Billing;

/// <summary>The customer account is read from the invoice read model and the account stream. A payment can be recorded before the
/// read model has projected the invoice it pays (a service invoice, then its cheque at the counter, a second later): the account
/// must still show that invoice, read from the log, never a payment without its invoice.</summary>
public sealed class AccountStatementLagTests
{
    [Fact]
    public async Task An_invoice_paid_before_the_read_model_projects_it_is_on_the_account_with_its_balance()
    {
        await using var app = new BillingApp();
        _ = app.CreateClient();
        var billing = app.Services.GetRequiredService<IBillingService>();
        var customer = new BillingCustomer("holder-7", CustomerKind.Consumer, "Jean Dupont", new BillingAddress("3 rue des Mouettes", "66000", "Perpignan"), null);
        var issued = await billing.IssueInvoiceAsync("port-a", new IssueInvoiceRequest(
            "marina", "grutage-2026", customer, [new InvoiceLineRequest("Grutage et carénage", 1, 17800, VatRate.Standard)], "Facture de prestation"));
        await billing.RecordPaymentAsync("port-a", new RecordPaymentRequest("cheque-1", customer.CustomerId,
            new PaymentDetails(PaymentMethod.Cheque, ChequeNumber: "0001234", Bank: "Crédit Agricole"), 10000, new DateOnly(2026, 3, 1),
            [new PaymentAllocationRequest(issued.InvoiceId, 10000)]));

        // A read model that has not projected anything yet: the same table, empty.
        var lagging = Path.Combine(Path.GetTempPath(), $"lagging-{Guid.NewGuid():N}.db");
        try
        {
            await using (var connection = new SqliteConnection($"Data Source={lagging};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var create = connection.CreateCommand();
                create.CommandText = """
                    CREATE TABLE billing_invoices (office_id TEXT, invoice_id TEXT, number TEXT, customer_id TEXT, issue_date TEXT, due_date TEXT,
                        label TEXT, total_ttc INTEGER, settled INTEGER, source_module TEXT, source_reference TEXT)
                    """;
                await create.ExecuteNonQueryAsync();
            }

            var statements = new AccountStatements(new InvoiceList(new SqliteReadModelDatabase(new SqliteConnectionFactory(lagging))), app.Services.GetRequiredService<AccountReader>(),
                app.Services.GetRequiredService<NumberedDocuments>(), app.Services.GetRequiredService<BillingOffices>());

            var account = await statements.GetAsync("port-a", customer.CustomerId);

            account.Invoices.Should().ContainSingle().Which.Should().Match<CustomerAccountInvoice>(i =>
                i.InvoiceId == issued.InvoiceId && i.TotalTtc == 17800 && i.Paid == 10000 && i.Balance == 7800);
            account.TotalPayments.Should().Be(10000);
            account.Balance.Should().Be(7800);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(lagging);
        }
    }

    [Fact]
    public async Task A_customers_payment_request_is_read_from_the_log_even_when_the_read_model_has_no_row_for_the_invoice()
    {
        await using var app = new BillingApp();
        _ = app.CreateClient();
        var billing = app.Services.GetRequiredService<IBillingService>();
        var customer = new BillingCustomer("holder-8", CustomerKind.Consumer, "Anne Martin", new BillingAddress("5 quai Nord", "66000", "Perpignan"), null);
        var issued = await billing.IssueInvoiceAsync("port-a", new IssueInvoiceRequest(
            "marina", "escale-2026-8", customer, [new InvoiceLineRequest("Escale", 1, 4200, VatRate.Intermediate)], "Facture d'escale"));

        // The invoice read model lagging: no row for the invoice (whatever the projection has done so far).
        await using (var connection = await app.OpenReadModelConnectionAsync())
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM billing_invoices";
            await delete.ExecuteNonQueryAsync();
        }

        (await billing.GetCustomerPaymentRequestAsync("port-a", customer.CustomerId, issued.InvoiceId))
            .Should().BeEquivalentTo(new InvoicePaymentRequest(issued.InvoiceId, issued.Number, 4200));
        (await billing.GetCustomerPaymentRequestAsync("port-a", "someone-else", issued.InvoiceId)).Should().BeNull("the invoice is not on that customer's account");
        (await billing.GetCustomerPaymentRequestAsync("port-b", customer.CustomerId, issued.InvoiceId)).Should().BeNull("another office's invoice is unknown");
    }
}
