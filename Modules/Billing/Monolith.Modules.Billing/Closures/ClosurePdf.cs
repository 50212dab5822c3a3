using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Audit;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Templates;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Closures;

/// <summary>The closure as a PDF for people (French): the period's totals per VAT rate (sales, credit notes), payments per method,
/// third-party funds, late facts, the perpetual grand total, the chain head and the signature of the JSON document it summarises. It is
/// printed once, stored next to the signed JSON in the archive folder (<c>{name}.pdf</c>) and attached to the closure e-mail. The signed
/// JSON stays the reference (the PDF is a readable copy of it). Without a PDF printer (no chromium) nothing is written and the closure
/// goes out as JSON only.</summary>
internal sealed partial class ClosurePdf(
    ChainAnchors anchors, ITemplateRenderer templates, IOfficeDirectory offices, IServiceProvider services, ILogger<ClosurePdf> logger)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public string PathOf(PeriodClosed closure) => Path.Combine(anchors.ClosuresFolder(closure.OfficeId), ChainAnchors.SafeName(closure.FileName) + ".pdf");

    /// <summary>The archived PDF of the closure, printed now if it is not there yet; null when the server cannot print.</summary>
    public async Task<byte[]?> EnsureArchivedAsync(PeriodClosed closure, CancellationToken ct)
    {
        var path = PathOf(closure);
        if (File.Exists(path))
        {
            return await File.ReadAllBytesAsync(path, ct);
        }

        if (services.GetService<IPdfPrinter>() is not { IsAvailable: true } printer)
        {
            LogNoPrinter(logger, closure.OfficeId, closure.FileName);
            return null;
        }

        var bytes = await printer.PrintAsync(await HtmlAsync(closure, ct), ct);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp"; // its own: a concurrent run printing the same closure never moves it away
        await File.WriteAllBytesAsync(temporary, bytes, ct);
        File.Move(temporary, path, overwrite: true);
        return bytes;
    }

    public async Task<string> HtmlAsync(PeriodClosed closure, CancellationToken ct)
    {
        var office = await offices.GetOfficeAsync(closure.OfficeId, ct);
        var logo = services.GetService<IOfficeLogos>() is { } logos ? await logos.GetAsync(closure.OfficeId, ct) : null;
        var issuer = office?.Legal is { } legal ? $"{legal.LegalName} — SIREN {legal.Siren}" : office?.Name ?? closure.OfficeId;
        var timeZone = office?.TimeZone;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(timeZone) ? OfficeCalendar.DefaultTimeZone : timeZone);
        var t = closure.Totals;
        var g = closure.GrandTotal;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<h1>Clôture — {E(closure.Label)}</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p>{E(issuer)}<br>Période du {D(closure.From)} au {D(closure.To)} — clôturée le {E(TimeZoneInfo.ConvertTime(closure.ClosedAt, zone).ToString("dd/MM/yyyy 'à' HH:mm", French))}</p>");

        body.Append(CultureInfo.InvariantCulture, $"<h2>Ventes ({t.Invoices} facture{(t.Invoices > 1 ? "s" : "")})</h2>");
        Rates(body, t.Sales, t.SalesTtc);
        body.Append(CultureInfo.InvariantCulture, $"<h2>Avoirs ({t.CreditNotes} avoir{(t.CreditNotes > 1 ? "s" : "")})</h2>");
        Rates(body, t.CreditNotesPerRate, t.CreditNotesTtc);
        body.Append(CultureInfo.InvariantCulture, $"<p>Chiffre d'affaires net de la période : <strong>{M(t.NetSalesTtc)}</strong> TTC</p>");

        body.Append("<h2>Encaissements par moyen de paiement</h2><table class=\"lines\"><thead><tr><th>Moyen</th><th>Reçus</th><th>Rejetés</th><th>Remboursés</th><th>Net</th></tr></thead><tbody>");
        foreach (var m in t.Payments)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(Method(m.Method))}</td><td>{M(m.Received)}</td><td>{M(m.Returned)}</td><td>{M(m.Refunded)}</td><td>{M(m.Net)}</td></tr>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<tr><th>Total</th><th></th><th></th><th></th><th>{M(t.PaymentsNet)}</th></tr></tbody></table>");
        body.Append(CultureInfo.InvariantCulture, $"<p>Fonds de tiers (encaissés pour le compte de prestataires) : {M(t.ThirdPartyFunds)}<br>Faits enregistrés après la clôture de leur journée (comptés ici avec leur propre date) : {t.LateFacts}</p>");

        body.Append("<h2>Grand total perpétuel (depuis l'origine)</h2><table class=\"vat\"><tbody>");
        body.Append(CultureInfo.InvariantCulture, $"<tr><td>Ventes TTC</td><td>{M(g.SalesTtc)}</td></tr><tr><td>Avoirs TTC</td><td>{M(g.CreditNotesTtc)}</td></tr>");
        body.Append(CultureInfo.InvariantCulture, $"<tr><td>Chiffre d'affaires net TTC</td><td>{M(g.NetSalesTtc)}</td></tr><tr><td>Encaissements nets</td><td>{M(g.PaymentsNet)}</td></tr></tbody></table>");

        body.Append("<h2>Chaînage et signature</h2>");
        body.Append(CultureInfo.InvariantCulture, $"<p>Tête de chaîne de l'office à la clôture : position {closure.Head.Position}, {closure.Head.OfficeEvents} événements, empreinte <span class=\"muted\" style=\"word-break: break-all\">{E(closure.Head.OfficeHash)}</span></p>");
        body.Append(CultureInfo.InvariantCulture, $"<p>Document de référence : {E(closure.FileName)}.json, signé ({E(PlatformSigningKey.Algorithm)}) ; signature dans {E(closure.FileName)}.json.sig :<br><span class=\"muted\" style=\"word-break: break-all; font-size: 7pt\">{E(closure.Signature)}</span></p>");
        return templates.RenderLayout(SharedLayouts.Document, $"Clôture — {closure.Label}", body.ToString(), logo?.DataUri);
    }

    private static void Rates(StringBuilder body, IReadOnlyList<RateTotal> rates, long totalTtc)
    {
        body.Append("<table class=\"lines\"><thead><tr><th>Taux de TVA</th><th>Base HT</th><th>TVA</th><th>TTC</th></tr></thead><tbody>");
        foreach (var r in rates)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.Label)}</td><td>{M(r.Ht)}</td><td>{M(r.Vat)}</td><td>{M(r.Ttc)}</td></tr>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<tr><th>Total</th><th>{M(rates.Sum(r => r.Ht))}</th><th>{M(rates.Sum(r => r.Vat))}</th><th>{M(totalTtc)}</th></tr></tbody></table>");
    }

    private static string Method(PaymentMethod method) => method switch
    {
        PaymentMethod.Card => "Carte bancaire",
        PaymentMethod.Cheque => "Chèque",
        PaymentMethod.BankTransfer => "Virement",
        PaymentMethod.SepaDirectDebit => "Prélèvement SEPA",
        PaymentMethod.Cash => "Espèces",
        _ => method.ToString(),
    };

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static string M(long cents) => E(Euros.Format(cents));

    private static string D(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Closure {File} of office {OfficeId}: no PDF printer (chromium), the closure is archived and e-mailed as JSON only")]
    private static partial void LogNoPrinter(ILogger logger, string officeId, string file);
}
