using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Tests.Billing;

internal static class BillingFixtures
{
    public const string Office = "port-sainte-marie";
    public const string Paris = "Europe/Paris";

    public static readonly LegalIdentity Seller = new(
        "Port de Sainte Marie la Mer", "SPL", "123456789", "12345678900012", "FR32123456789",
        new PostalAddress("1 quai du Port", "66470", "Sainte-Marie-la-Mer"), "capitainerie@example.fr", "04 68 00 00 00",
        new BankDetails("Port de Sainte Marie", "FR7630006000011234567890189", "AGRIFRPP"), "FR12ZZZ123456", "100 000 €", "Perpignan");

    public static readonly BillingCustomer Consumer = new(
        "cust-1", CustomerKind.Consumer, "Jean Dupont", new BillingAddress("3 rue des Mouettes", "66000", "Perpignan"), "jean@example.fr");

    public static readonly BillingCustomer Business = new(
        "cust-2", CustomerKind.Business, "Voiles SARL", new BillingAddress("ZA du Port", "66000", "Perpignan"), VatNumber: "FR99888777666");

    public static DateTimeOffset At(int year, int month, int day, int hour = 10) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    public static InvoiceDraft Draft(string sourceReference, BillingCustomer? customer = null, int paymentTermDays = 30, LegalIdentity? seller = null, params InvoiceLineRequest[] lines) =>
        new(
            Office,
            Paris,
            seller ?? Seller,
            customer ?? Consumer,
            lines.Length > 0 ? lines : [new InvoiceLineRequest("Contrat annuel d'amarrage", 1, 152000, VatRate.Standard)],
            "marina",
            sourceReference,
            null,
            paymentTermDays,
            "");

    /// <summary>Issues in <paramref name="state"/>, by default the invoice series' day of <paramref name="at"/> (Paris), opened at number 0.</summary>
    public static InvoiceIssued Issued(InvoiceDraft draft, DateTimeOffset at, RegisterState? state = null) =>
        (InvoiceIssued)DocumentRegister.Decide(new IssueInvoice(draft, at), state ?? OpenedOn(DocumentRegister.LocalDate(at, Paris))).Single();

    public static NumberingDayOpened DayOpened(DateOnly day, DocumentSeries? series = null, int lastSequence = 0, string? lastHash = null) =>
        new(Office, (series ?? DocumentSeries.Invoices).Code, day, lastSequence, null, lastHash ?? NumberingHash.Genesis, NumberingTotals.Zero,
            new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>The state of a numbering day just opened (nothing numbered in it yet).</summary>
    public static RegisterState OpenedOn(DateOnly day, DocumentSeries? series = null, int lastSequence = 0) =>
        DocumentRegister.Decider.Fold([DayOpened(day, series, lastSequence)]);
}
