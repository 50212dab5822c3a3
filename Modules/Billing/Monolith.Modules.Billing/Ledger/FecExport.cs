using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.BuildingBlocks.Validation;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Billing.ThirdParty;

namespace Monolith.Modules.Billing.Ledger;

/// <summary>GET <c>/api/audit/fec?from=&amp;to=</c> (accountants only): the FEC of the office for a period, as the file the tax
/// administration expects: <c>&lt;SIREN&gt;FEC&lt;AAAAMMJJ&gt;.txt</c>, the date being the closing date of the period (<c>to</c>).</summary>
internal static class FecExportEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(PlatformPolicies.Accountant)
            .MapGet("/fec", HandleAsync).WithName("ExportFec")
            .WithSummary("FEC export (18 tab-separated columns) for a period, from invoice, credit-note, payment, refund and third-party payout events.");

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> HandleAsync(
        DateOnly from, DateOnly to, ICallerContext caller, FecExport fec, BillingOffices offices, CancellationToken ct)
    {
        if (!caller.IsInRole(Roles.Accountant))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only accountants may export the FEC.");
        }

        var office = await offices.RequireSellerAsync(caller.TenantId, ct);
        var text = await fec.ExportAsync(caller.TenantId, from, to, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(text), "text/tab-separated-values; charset=utf-8", FecExport.FileName(office.Legal!.Siren, to));
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

    /// <summary>The name of the file (LPF A47 A-1, BOI-CF-IOR-60-40-20): SIREN, "FEC", closing date of the period as AAAAMMJJ.</summary>
    public static string FileName(string siren, DateOnly closingDate) =>
        $"{Identifiers.Compact(siren)}FEC{closingDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.txt";

    /// <summary>The FEC (LPF A47 A-1) of the office for [<paramref name="from"/>, <paramref name="to"/>] by document date: sales journal
    /// (invoices, credit notes), bank and cash journals (payments received, refunds). Tab-separated, the 18 columns in order, dates
    /// AAAAMMJJ, decimal comma; every entry balanced.
    /// <para><b>EcritureNum</b> is given once, when the entry is posted: the rank of its posting in the log among the entries of its journal
    /// and year. The log is append-only, so an entry keeps its number whatever period is exported (a full year and a file from April
    /// give the same number to the same invoice), and numbers run continuously per journal.</para>
    /// <para><b>Lettering</b> (EcritureLet, DateLet) on the customer account lines (411): an invoice and what settled it (payments allocated
    /// to it, credit notes offset on it, customer credit used, and what those touched in turn) share a letter once their 411 lines balance
    /// as of the closing date <paramref name="to"/>; DateLet is the date of the last entry of the group. Letters are given in the order the
    /// groups were completed (A, B, … Z, AA…).</para></summary>
    public async Task<string> ExportAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var entries = new List<FecEntry>();
        var customerNames = new Dictionary<string, string>();
        var numbers = new Dictionary<(string Journal, int Year), int>();
        var links = new List<(string A, string B)>();
        await foreach (var (recorded, @event) in log.EventsAsync(tenantId, ct))
        {
            FecEntry? entry = null;
            switch (@event)
            {
                case InvoiceIssued i:
                    customerNames[i.CustomerId] = i.Customer.Name;
                    entry = Sale("VE", i.IssueDate, i.Number, InvoiceKey(i.InvoiceId), i.CustomerId, i.Customer.Name, $"Facture {i.Number} {i.Label}", i.Lines, credit: false);
                    break;
                case CreditNoteIssued c:
                    entry = Sale("VE", c.IssueDate, c.Number, CreditNoteKey(c.CreditNoteId), c.CustomerId, c.Customer.Name, $"Avoir {c.Number} sur facture {c.InvoiceNumber}", c.Lines, credit: true);
                    break;
                case PaymentReceived p:
                    entry = Money(p.Details.Method, p.ReceivedOn, p.PaymentId, PaymentKey(p.PaymentId), p.CustomerId, customerNames.GetValueOrDefault(p.CustomerId, p.CustomerId), $"Règlement {Method(p.Details.Method)}", p.Amount, received: true);
                    break;
                case PaymentReturned r:
                    entry = Money(r.Method, r.ReturnedOn, r.PaymentId + "-R", "return:" + r.PaymentId, r.CustomerId, customerNames.GetValueOrDefault(r.CustomerId, r.CustomerId), $"Impayé : {Method(r.Method)} retourné", r.Amount, received: false);
                    links.Add((PaymentKey(r.PaymentId), "return:" + r.PaymentId));
                    break;
                case RefundRecorded r:
                    entry = Money(r.Details.Method, r.On, r.RefundId, "refund:" + r.RefundId, r.CustomerId, customerNames.GetValueOrDefault(r.CustomerId, r.CustomerId), "Remboursement client", r.Amount, received: false);
                    links.Add((SourceKey(r.SourceId), "refund:" + r.RefundId));
                    break;
                case ThirdPartyPayoutRecorded p:
                    entry = Payout(p);
                    break;
                case PaymentAllocated a:
                    links.Add((PaymentKey(a.PaymentId), InvoiceKey(a.InvoiceId)));
                    break;
                case CreditNoteApplied a:
                    links.Add((CreditNoteKey(a.CreditNoteId), InvoiceKey(a.InvoiceId)));
                    break;
                case CustomerCreditUsed u:
                    links.Add((SourceKey(u.SourceId), InvoiceKey(u.InvoiceId)));
                    break;
            }

            if (entry is not null)
            {
                // Numbered once, in posting order: the same entry gets the same number in every export.
                var counter = (entry.Journal, entry.Date.Year);
                var number = numbers.GetValueOrDefault(counter) + 1;
                numbers[counter] = number;
                entries.Add(entry with { Number = number, Position = recorded.Position });
            }
        }

        var letters = Lettering(entries.Where(e => e.Date <= to).ToList(), links);
        var text = new StringBuilder();
        text.Append(string.Join('\t', FecColumns)).Append("\r\n");
        foreach (var entry in entries.Where(e => e.Date >= from && e.Date <= to)
                     .OrderBy(e => e.Journal, StringComparer.Ordinal).ThenBy(e => e.Date.Year).ThenBy(e => e.Number))
        {
            var hasLetter = letters.TryGetValue(entry.Key, out var letter);
            foreach (var line in entry.Lines)
            {
                var lettered = hasLetter && line.Account == CustomerAccountNumber;
                string[] fields =
                [
                    entry.Journal, entry.JournalLabel, $"{entry.Journal}{entry.Number:D6}", Day(entry.Date), line.Account, line.AccountLabel,
                    line.AuxAccount ?? "", line.AuxLabel ?? "", entry.Piece, Day(entry.Date), entry.Label,
                    Euros.Plain(line.Debit), Euros.Plain(line.Credit), lettered ? letter.Code : "", lettered ? Day(letter.On) : "",
                    Day(entry.Date), "", "",
                ];
                text.Append(string.Join('\t', fields.Select(Clean))).Append("\r\n");
            }
        }

        return text.ToString();
    }

    private const string CustomerAccountNumber = "411000";

    private static string InvoiceKey(string invoiceId) => "invoice:" + invoiceId;

    private static string CreditNoteKey(string creditNoteId) => "credit-note:" + creditNoteId;

    private static string PaymentKey(string paymentId) => "payment:" + paymentId;

    /// <summary>A customer-credit source id (<c>payment:…</c> or <c>credit-note:…</c>) is already an entry key.</summary>
    private static string SourceKey(string sourceId) => sourceId;

    /// <summary>Groups the entries linked by allocations, credit notes, credit used, refunds and returns; a group whose customer-account
    /// lines balance gets a letter.</summary>
    private static Dictionary<string, (string Code, DateOnly On)> Lettering(List<FecEntry> entries, List<(string A, string B)> links)
    {
        var byKey = entries.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.First());
        var parent = byKey.Keys.ToDictionary(k => k, k => k);
        foreach (var (a, b) in links)
        {
            if (parent.ContainsKey(a) && parent.ContainsKey(b))
            {
                parent[Find(a)] = Find(b);
            }
        }

        var result = new Dictionary<string, (string Code, DateOnly On)>();
        var groups = byKey.Values.GroupBy(e => Find(e.Key))
            .Where(g => g.Count() > 1)
            .Select(g => (Entries: g.ToList(), Last: g.Max(e => e.Position), On: g.Max(e => e.Date)))
            .Where(g => g.Entries.SelectMany(e => e.Lines).Where(l => l.Account == CustomerAccountNumber).Sum(l => l.Debit - l.Credit) == 0)
            .OrderBy(g => g.Last);
        var n = 0;
        foreach (var group in groups)
        {
            var code = LetterCode(n++);
            foreach (var e in group.Entries)
            {
                result[e.Key] = (code, group.On);
            }
        }

        return result;

        string Find(string k)
        {
            while (parent[k] != k)
            {
                parent[k] = parent[parent[k]];
                k = parent[k];
            }

            return k;
        }
    }

    /// <summary>0 → A, 25 → Z, 26 → AA, 27 → AB…</summary>
    internal static string LetterCode(int index)
    {
        var code = "";
        index++;
        while (index > 0)
        {
            index--;
            code = (char)('A' + (index % 26)) + code;
            index /= 26;
        }

        return code;
    }

    private sealed record FecLine(string Account, string AccountLabel, string? AuxAccount, string? AuxLabel, long Debit, long Credit);

    private sealed record FecEntry(string Journal, string JournalLabel, DateOnly Date, string Piece, string Key, string Label, IReadOnlyList<FecLine> Lines)
    {
        public int Number { get; init; }

        public long Position { get; init; }
    }

    /// <summary>A sale or a credit note: the customer (411) for the total; the office's own lines to revenue (706, or 756 out of scope)
    /// and VAT collected (4457) per rate; lines collected for a provider (third-party funds, ADR 0022) to 467 with the provider as
    /// auxiliary account (CompAuxNum/CompAuxLib), never to revenue or VAT.</summary>
    private static FecEntry Sale(string journal, DateOnly date, string piece, string key, string customerId, string customerName, string label, IReadOnlyList<DocumentLine> documentLines, bool credit)
    {
        var totals = DocumentLine.Totals(documentLines);
        var lines = new List<FecLine> { Side(CustomerAccountNumber, "Clients", customerId, customerName, totals.TotalTtc, debit: !credit) };
        foreach (var rate in DocumentLine.OwnTotals(documentLines).PerRate)
        {
            var (account, accountLabel) = rate.Rate.IsOutOfScope ? ("756000", "Cotisations et produits hors champ de TVA") : ("706000", $"Prestations de services {rate.Rate.Label}");
            lines.Add(Side(account, accountLabel, null, null, rate.Ht, debit: credit));
            if (rate.Vat != 0)
            {
                lines.Add(Side("445710", $"TVA collectée {rate.Rate.Label}", null, null, rate.Vat, debit: credit));
            }
        }

        foreach (var provider in documentLines.Where(l => l.OnBehalfOf is not null).GroupBy(l => l.OnBehalfOf!.ProviderId, StringComparer.Ordinal))
        {
            var name = provider.First().OnBehalfOf!.Name;
            lines.Add(Side(ThirdPartyFunds.Account, ThirdPartyFunds.AccountLabel, ThirdPartyFunds.AuxAccount(provider.Key), name, provider.Sum(l => l.Ttc), debit: credit));
        }

        return new FecEntry(journal, "Journal des ventes", date, piece, key, label, lines);
    }

    /// <summary>A payout of third-party funds to a provider: 467 (the provider's auxiliary) debited, bank (or cash) credited.</summary>
    private static FecEntry Payout(ThirdPartyPayoutRecorded p)
    {
        var (journal, journalLabel, account, accountLabel) = p.Method == PaymentMethod.Cash
            ? ("CA", "Journal de caisse", "530000", "Caisse")
            : ("BQ", "Journal de banque", "512000", "Banque");
        return new FecEntry(journal, journalLabel, p.PaidOn, p.PayoutId, "payout:" + p.PayoutId, $"Reversement à {p.Provider.Name}",
        [
            Side(ThirdPartyFunds.Account, ThirdPartyFunds.AccountLabel, ThirdPartyFunds.AuxAccount(p.Provider.ProviderId), p.Provider.Name, p.Amount, debit: true),
            Side(account, accountLabel, null, null, p.Amount, debit: false),
        ]);
    }

    private static FecEntry Money(PaymentMethod method, DateOnly date, string piece, string key, string customerId, string customerName, string label, long amount, bool received)
    {
        var (journal, journalLabel, account, accountLabel) = method == PaymentMethod.Cash
            ? ("CA", "Journal de caisse", "530000", "Caisse")
            : ("BQ", "Journal de banque", "512000", "Banque");
        return new FecEntry(journal, journalLabel, date, piece, key, label,
        [
            Side(account, accountLabel, null, null, amount, debit: received),
            Side(CustomerAccountNumber, "Clients", customerId, customerName, amount, debit: !received),
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
