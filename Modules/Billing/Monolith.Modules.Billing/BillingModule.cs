using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Closures;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Contracts.Facts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Dunning;
using Monolith.Modules.Billing.Ledger;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Billing.Payments;
using Monolith.Modules.Billing.Pdf;

namespace Monolith.Modules.Billing;

/// <summary>Billing: invoices and credit notes numbered per office, series and year; payments, allocations, customer credit and refunds
/// on the customer account; French HTML/PDF documents. Other modules call <see cref="IBillingService"/>.</summary>
public sealed class BillingModule : IModule
{
    /// <summary>The card payment provider adapter: <c>test</c> (built in, default) simulates a bank locally.</summary>
    public const string PaymentProviderSetting = "Billing:PaymentProvider";

    public string Name => "billing";

    public void Configure(ModuleBuilder m)
    {
        m.Events(DocumentRegister.Register);
        m.Events(NumberingDays.EventNames);
        m.Events(CustomerAccount.EventNames);
        m.Events(CardCheckout.EventNames);
        m.Events(PeriodClosures.EventNames);
        m.Events(ThirdParty.ThirdPartyPayouts.EventNames);
        m.Publishes(BillingFacts.All);
        m.Migrations(typeof(BillingModule).Assembly, "Monolith.Modules.Billing.Sql").PortableReadModels();
        m.Projection<BillingReadModelProjection>();
        m.Projection<Lists.BillingListsProjection>();
        m.Projection<ThirdParty.ThirdPartyFundsProjection>();
        m.Reactor<InvoiceEmailReactor>();
        m.Templates(typeof(BillingModule).Assembly);
        m.Validator<IssueInvoiceRequest, IssueInvoiceValidator>();
        m.Validator<RecordPaymentRequest, RecordPaymentValidator>();
        m.Validator<CreditNoteRequest, CreditNoteValidator>();
        m.Validator<ThirdParty.RecordThirdPartyPayoutRequest, ThirdParty.RecordThirdPartyPayoutValidator>();
        m.Validator<BillingDocumentRequest, DocumentEndpoints.BillingDocumentValidator>();
        m.Validator<CardPaymentEndpoints.StartCardPaymentRequest, CardPaymentEndpoints.StartCardPaymentValidator>();
        var provider = m.Configuration[PaymentProviderSetting] ?? "test";
        m.AddServices(services =>
        {
            services.AddSingleton<BillingOffices>();

            // Numbering days (invoices, credit notes) and the invoice list
            services.AddSingleton<DocumentNumbering>();
            services.AddSingleton<BuildingBlocks.Audit.ILogHeadWitness, NumberingLogWitness>();
            services.AddSingleton<Closures.ClosurePdf>();
            services.AddSingleton<NumberedDocuments>();
            services.AddSingleton<InvoiceList>();
            services.AddSingleton<InvoiceIssuer>();
            services.AddSingleton<CreditNoteIssuer>();
            services.AddSingleton<InvoiceMailer>();
            services.AddSingleton<CreditNoteMailer>();

            // Customer accounts
            services.AddSingleton<AccountReader>();
            services.AddSingleton<PaymentRequests>();
            services.AddSingleton<AccountStatements>();
            services.AddSingleton<PaymentRecorder>();
            services.AddSingleton<PaymentConfirmer>();
            services.AddSingleton<PaymentFailure>();
            services.AddSingleton<PaymentReturn>();
            services.AddSingleton<PaymentAllocator>();
            services.AddSingleton<CustomerCreditUse>();
            services.AddSingleton<RefundRecorder>();
            services.AddSingleton<BalanceAsOf>();

            // Closures (ADR 0021)
            services.AddSingleton<ClosedPeriods>();
            services.AddSingleton<ClosureRunner>();

            // Third-party funds (ADR 0022)
            services.AddSingleton<ThirdParty.ThirdPartyLedger>();
            services.AddSingleton<ThirdParty.ThirdPartyPayoutRecorder>();

            // Ledger
            services.AddSingleton<BillingLog>();
            services.AddSingleton<FecExport>();
            services.AddSingleton<Compliance.Contracts.IArchivePart, Ledger.BillingArchivePart>(); // invoices, credit notes, FEC in archives
            services.AddSingleton<Compliance.Contracts.IArchivePart, Closures.ClosuresArchivePart>(); // the signed closure documents

            // Card payments
            services.AddSingleton<CardPaymentService>();
            services.AddSingleton<PayInvoice>();
            services.AddSingleton<IPaymentProvider>(provider switch
            {
                "test" => sp => ActivatorUtilities.CreateInstance<TestPaymentProvider>(sp),
                _ => throw new InvalidOperationException($"Unknown {PaymentProviderSetting} '{provider}': the built-in provider is 'test'."),
            });

            services.AddSingleton<IBillingService, BillingFacade>();
            services.AddSingleton<IBillingCreditNotes, CreditNotesFacade>();
            services.AddSingleton<ChromiumPdfPrinter>();
            services.AddSingleton<BuildingBlocks.Documents.IPdfPrinter>(sp => sp.GetRequiredService<ChromiumPdfPrinter>());
            services.AddSingleton<IBillingDocuments, CommercialDocuments>();
        });
        m.Job<DunningJob>("0 0 8 * * ?");
        m.Job<ClosureJob>("0 7 * * * ?"); // hourly (any zone): each office's days close after its own midnight
        m.Endpoints(
            IssueInvoiceEndpoint.Map,
            ListInvoicesEndpoint.Map,
            GetInvoiceEndpoint.Map,
            PrintInvoiceEndpoint.Map,
            PayThisInvoiceEndpoint.Map,
            EmailInvoiceEndpoint.Map,
            IssueCreditNoteEndpoint.Map,
            PrintCreditNoteEndpoint.Map,
            EmailCreditNoteEndpoint.Map,
            UseCustomerCreditEndpoint.Map,
            RecordPaymentEndpoint.Map,
            GetPaymentEndpoint.Map,
            ConfirmPaymentEndpoint.Map,
            AllocatePaymentEndpoint.Map,
            RecordRefundEndpoint.Map,
            CustomerAccountStatementEndpoint.Map,
            BalanceAsOfEndpoint.Map,
            FecExportEndpoint.Map,
            ClosureEndpoints.Map,
            ThirdParty.ProviderStatementEndpoints.Map,
            ThirdParty.RecordThirdPartyPayoutEndpoint.Map,
            DocumentEndpoints.Map,
            CardPaymentEndpoints.Map,
            TestProviderEndpoints.Map,
            Lists.ListCustomersEndpoint.Map,
            Lists.ListPaymentsEndpoint.Map,
            Lists.ListCreditNotesEndpoint.Map,
            Lists.AgedReceivablesEndpoint.Map,
            Lists.ListEmailsEndpoint.Map);
    }
}
