using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Ledger;

/// <summary>GET <c>/api/audit/fec?from=&amp;to=</c> (accountants only): the FEC of the office for a period.</summary>
internal static class FecExportEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(PlatformPolicies.Accountant)
            .MapGet("/fec", HandleAsync).WithName("ExportFec")
            .WithSummary("FEC export (18 tab-separated columns) for a period, from invoice, credit-note, payment and refund events.");

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> HandleAsync(DateOnly from, DateOnly to, ICallerContext caller, FecExport fec, CancellationToken ct)
    {
        if (!caller.IsInRole(Roles.Accountant))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only accountants may export the FEC.");
        }

        var text = await fec.ExportAsync(caller.TenantId, from, to, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(text), "text/tab-separated-values; charset=utf-8", $"FEC-{caller.TenantId}-{from:yyyyMMdd}-{to:yyyyMMdd}.txt");
    }
}

/// <summary>The FEC (fichier des écritures comptables) from the office's billing events.</summary>
internal sealed class FecExport(BillingLog log)
{
    public static readonly string[] FecColumns =
    [
        "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef",
        "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
    ];

    /// <summary>The FEC (LPF A47 A-1) of the office for [<paramref name="from"/>, <paramref name="to"/>] by document date: sales journal
    /// (invoices, credit notes), bank and cash journals (payments received, refunds). Tab-separated, the 18 columns in order, dates
    /// AAAAMMJJ, decimal comma; entries numbered continuously per journal; every entry balanced.</summary>
    public async Task<string> ExportAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var entries = new List<FecEntry>();
        var customerNames = new Dictionary<string, string>();
        await foreach (var (_, @event) in log.EventsAsync(tenantId, ct))
        {
            switch (@event)
            {
                case InvoiceIssued i:
                    customerNames[i.CustomerId] = i.Customer.Name;
                    if (In(i.IssueDate))
                    {
                        entries.Add(Sale("VE", i.IssueDate, i.Number, i.CustomerId, i.Customer.Name, $"Facture {i.Number} {i.Label}", i.Totals, credit: false));
                    }

                    break;
                case CreditNoteIssued c when In(c.IssueDate):
                    entries.Add(Sale("VE", c.IssueDate, c.Number, c.CustomerId, c.Customer.Name, $"Avoir {c.Number} sur facture {c.InvoiceNumber}", c.Totals, credit: true));
                    break;
                case PaymentReceived p when In(p.ReceivedOn):
                    entries.Add(Money(p.Details.Method, p.ReceivedOn, p.PaymentId, p.CustomerId, customerNames.GetValueOrDefault(p.CustomerId, p.CustomerId), $"Règlement {Method(p.Details.Method)}", p.Amount, received: true));
                    break;
                case RefundRecorded r when In(r.On):
                    entries.Add(Money(r.Details.Method, r.On, r.RefundId, r.CustomerId, customerNames.GetValueOrDefault(r.CustomerId, r.CustomerId), "Remboursement client", r.Amount, received: false));
                    break;
            }
        }

        var text = new StringBuilder();
        text.Append(string.Join('\t', FecColumns)).Append("\r\n");
        foreach (var journal in entries.GroupBy(e => e.Journal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var number = 0;
            foreach (var entry in journal.OrderBy(e => e.Date).ThenBy(e => e.Piece, StringComparer.Ordinal))
            {
                number++;
                foreach (var line in entry.Lines)
                {
                    string[] fields =
                    [
                        entry.Journal, entry.JournalLabel, $"{entry.Journal}{number:D6}", Day(entry.Date), line.Account, line.AccountLabel,
                        line.AuxAccount ?? "", line.AuxLabel ?? "", entry.Piece, Day(entry.Date), entry.Label,
                        Euros.Plain(line.Debit), Euros.Plain(line.Credit), "", "", Day(entry.Date), "", "",
                    ];
                    text.Append(string.Join('\t', fields.Select(Clean))).Append("\r\n");
                }
            }
        }

        return text.ToString();

        bool In(DateOnly date) => date >= from && date <= to;
    }

    private sealed record FecLine(string Account, string AccountLabel, string? AuxAccount, string? AuxLabel, long Debit, long Credit);

    private sealed record FecEntry(string Journal, string JournalLabel, DateOnly Date, string Piece, string Label, IReadOnlyList<FecLine> Lines);

    private static FecEntry Sale(string journal, DateOnly date, string piece, string customerId, string customerName, string label, VatBreakdown totals, bool credit)
    {
        var lines = new List<FecLine> { Side("411000", "Clients", customerId, customerName, totals.TotalTtc, debit: !credit) };
        foreach (var rate in totals.PerRate)
        {
            var (account, accountLabel) = rate.Rate.IsOutOfScope ? ("756000", "Cotisations et produits hors champ de TVA") : ("706000", $"Prestations de services {rate.Rate.Label}");
            lines.Add(Side(account, accountLabel, null, null, rate.Ht, debit: credit));
            if (rate.Vat != 0)
            {
                lines.Add(Side("445710", $"TVA collectée {rate.Rate.Label}", null, null, rate.Vat, debit: credit));
            }
        }

        return new FecEntry(journal, "Journal des ventes", date, piece, label, lines);
    }

    private static FecEntry Money(PaymentMethod method, DateOnly date, string piece, string customerId, string customerName, string label, long amount, bool received)
    {
        var (journal, journalLabel, account, accountLabel) = method == PaymentMethod.Cash
            ? ("CA", "Journal de caisse", "530000", "Caisse")
            : ("BQ", "Journal de banque", "512000", "Banque");
        return new FecEntry(journal, journalLabel, date, piece, label,
        [
            Side(account, accountLabel, null, null, amount, debit: received),
            Side("411000", "Clients", customerId, customerName, amount, debit: !received),
        ]);
    }

    private static FecLine Side(string account, string label, string? aux, string? auxLabel, long amount, bool debit) =>
        amount >= 0
            ? new FecLine(account, label, aux, auxLabel, debit ? amount : 0, debit ? 0 : amount)
            : new FecLine(account, label, aux, auxLabel, debit ? 0 : -amount, debit ? -amount : 0);

    private static string Method(PaymentMethod method) => method switch
    {
        PaymentMethod.Card => "par carte",
        PaymentMethod.Cheque => "par chèque",
        PaymentMethod.BankTransfer => "par virement",
        PaymentMethod.SepaDirectDebit => "par prélèvement SEPA",
        _ => "en espèces",
    };

    private static string Day(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Clean(string value) => value.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
