using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Monolith.Modules.Marina;
using Monolith.Testing;

namespace Monolith.Host.Tests.Marina;

public sealed class MarinaDirectDebitTests(MarinaApp app) : IClassFixture<MarinaApp>
{
    private static readonly XNamespace Pain008 = "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02";

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<string> InvoiceAsync(HttpClient staff, string holderId, string reference, long amount) =>
        (await Json(await staff.PostAsJsonAsync($"/api/marina/holders/{holderId}/service-invoices", new
        {
            reference,
            lines = new[] { new { label = "Amarrage", quantity = 1, unitPriceTtc = amount, vatRate = new { basisPoints = 2000 } } },
        }))).GetProperty("invoiceId").GetString()!;

    private static async Task<string> MandateAsync(HttpClient staff, string holderId, string name, string iban, string? bic) =>
        (await Json(await staff.PostAsJsonAsync($"/api/marina/holders/{holderId}/mandates", new
        {
            debtorName = name,
            addressLine1 = "10, rue du Marché",
            addressLine2 = "11000 Carcassonne",
            iban,
            bic,
            signedOn = new DateOnly(2026, 3, 1),
        }))).GetProperty("mandateId").GetString()!;

    private static void ValidatesAgainstBothSchemas(string xml)
    {
        MarinaApp.ValidateXml(xml, "sepa-pain.008.001.02", "pain.008.001.02.xsd").Should().BeEmpty();
        MarinaApp.ValidateXml(xml, "sepa-pain.008.001.02", "dk-epc", "pain.008.001.02.xsd").Should().BeEmpty();
    }

    [Fact]
    public async Task Pre_notified_debits_go_into_one_file_per_date_settle_on_the_date_and_a_pain002_rejection_reopens_the_balance()
    {
        var (staff, officeId) = await app.NewPortAsync();
        var dupontEmail = $"dupont.{TestIds.Letters()}@example.test";
        var dupont = await MarinaApp.NewHolderAsync(staff, "DUPONT JEAN", dupontEmail);
        var lefevre = await MarinaApp.NewHolderAsync(staff, "Hélène Lefèvre", $"lefevre.{TestIds.Letters()}@example.test");
        await InvoiceAsync(staff, dupont, "amarrage-2026", 85000);
        var lefevreInvoice = await InvoiceAsync(staff, lefevre, "amarrage-2026", 17800);
        var mandate = await MandateAsync(staff, dupont, "DUPONT JEAN", "FR7630006000011234567890189", "MORSFR33XXX");
        await MandateAsync(staff, lefevre, "Hélène Lefèvre", "DE89370400440532013000", null);
        (await staff.PostAsJsonAsync($"/api/marina/holders/{lefevre}/mandates", new
        {
            debtorName = "X",
            addressLine1 = "a",
            addressLine2 = "b",
            iban = "FR7634303100000001000100",
        })).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the seed's 24-character IBAN is refused");
        await app.CatchUpAsync();

        // Preparation: due on 01/04/2026 (30 days), more than 14 days ahead; each holder is pre-notified with amount, date, RUM and ICS.
        var scheduled = (await Json(await staff.PostAsync("/api/marina/direct-debits/preparation", null))).EnumerateArray().ToList();
        scheduled.Should().HaveCount(2);
        scheduled.Should().OnlyContain(d => d.GetProperty("collectionDate").GetString() == "2026-04-01");
        var notice = app.Emails(officeId, dupontEmail).Single(m => m.Contains("Prélèvement SEPA", StringComparison.Ordinal));
        notice.Should().Contain("01/04/2026").And.Contain("850,00").And.Contain(MarinaApp.Ics).And.Contain("RUM2026-");
        (await Json(await staff.PostAsync("/api/marina/direct-debits/preparation", null))).GetArrayLength().Should().Be(0, "a rerun schedules nothing twice");

        // The file of that date: both first debits, valid against the ISO and the EPC-restricted schemas.
        var file = await staff.PostAsync("/api/marina/direct-debits/2026-04-01/file", null);
        file.StatusCode.Should().Be(HttpStatusCode.OK);
        var xml = await file.Content.ReadAsStringAsync();
        ValidatesAgainstBothSchemas(xml);
        XDocument.Parse(xml).Descendants(Pain008 + "SeqTp").Select(s => s.Value).Should().Equal("FRST");
        (await staff.GetStringAsync("/api/marina/direct-debits/2026-04-01/file")).Should().Be(xml, "the file of a sealed date is stable");
        await app.CatchUpAsync();
        (await staff.GetFromJsonAsync<JsonElement>($"/api/marina/holders/{lefevre}/account")).GetProperty("difference").GetInt64()
            .Should().Be(17800, "a pending debit does not count before its collection date");

        // The collection date: the job settles; billing allocates.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 5, 0, 0, TimeSpan.Zero));
        await app.RunJobAsync<Modules.Marina.DirectDebits.Running.DirectDebitJob>();
        staff = await app.SignInAsync(officeId, TempHostApp.AdminEmail(officeId), TempHostApp.Password);
        (await staff.GetFromJsonAsync<JsonElement>($"/api/marina/holders/{lefevre}/account")).GetProperty("difference").GetInt64().Should().Be(0);
        (await staff.GetFromJsonAsync<JsonElement>($"/api/marina/holders/{dupont}/account")).GetProperty("difference").GetInt64().Should().Be(0);

        // The bank's pain.002 returns Mme Lefèvre's debit: her invoice is due again and the office is told.
        var debits = (await staff.GetFromJsonAsync<JsonElement>("/api/marina/direct-debits")).GetProperty("items").EnumerateArray().ToList();
        var returned = debits.Single(d => d.GetProperty("invoiceId").GetString() == lefevreInvoice);
        var report = StatusReport(returned.GetProperty("messageId").GetString()!, returned.GetProperty("debitId").GetString()!, "AM04");
        MarinaApp.ValidateXml(report, "sepa-pain.002.001.03", "dk-epc", "pain.002.001.03.xsd").Should().BeEmpty();
        var imported = await Json(await staff.PostAsync("/api/marina/direct-debits/status-reports", new StringContent(report, Encoding.UTF8, "application/xml")));
        imported.GetProperty("rejected").GetInt32().Should().Be(1);
        await app.CatchUpAsync();
        var account = await staff.GetFromJsonAsync<JsonElement>($"/api/marina/holders/{lefevre}/account");
        account.GetProperty("difference").GetInt64().Should().Be(17800);
        account.GetProperty("invoices")[0].GetProperty("balance").GetInt64().Should().Be(17800);
        app.Emails(officeId, $"capitainerie@{officeId}.test").Should().ContainSingle(m => m.Contains("Prélèvement rejeté", StringComparison.Ordinal))
            .Which.Should().Contain("AM04").And.Contain("Provision insuffisante").And.Contain("retourné");

        // The next debit on M. Dupont's mandate is recurrent; a new IBAN is announced as an amendment of the same mandate.
        (await Json(await staff.PutAsJsonIfMatchAsync($"/api/marina/mandates/{mandate}/account", new { iban = "FR1420041010050500013M02606", bic = "PSSTFRPPMON" })))
            .GetProperty("rum").GetString().Should().StartWith("RUM2026-");
        await InvoiceAsync(staff, dupont, "grutage-2026", 12050);
        await app.CatchUpAsync();
        var next = (await Json(await staff.PostAsync("/api/marina/direct-debits/preparation", null))).EnumerateArray().ToList();
        var date = next.Single(d => d.GetProperty("holderId").GetString() == dupont).GetProperty("collectionDate").GetString();
        date.Should().Be("2026-05-04", "due on 1 May, a TARGET2 holiday: the next business day");
        var second = await (await staff.PostAsync($"/api/marina/direct-debits/{date}/file", null)).Content.ReadAsStringAsync();
        ValidatesAgainstBothSchemas(second);
        var tx = XDocument.Parse(second).Descendants(Pain008 + "PmtInf").Single(p => p.Descendants(Pain008 + "MndtId").Any(m => m.Value.StartsWith("RUM2026-", StringComparison.Ordinal)
            && p.Descendants(Pain008 + "InstdAmt").Any(a => a.Value == "120.50")));
        tx.Descendants(Pain008 + "SeqTp").Single().Value.Should().Be("RCUR");
        tx.Descendants(Pain008 + "AmdmntInd").First().Value.Should().Be("true");
    }

    [Fact]
    public async Task A_mandate_unused_for_36_months_is_announced_a_month_before_then_lapses()
    {
        var (staff, officeId) = await app.NewPortAsync();
        var holder = await MarinaApp.NewHolderAsync(staff, "MARTIN Paul", null);
        var mandate = await MandateAsync(staff, holder, "MARTIN Paul", "FR7630006000011234567890189", "AGRIFRPP");
        await app.CatchUpAsync();
        var office = $"capitainerie@{officeId}.test";

        await app.RunJobAsync<Modules.Marina.Mandates.Lapsing.MandateLapseJob>(new DateTimeOffset(2029, 1, 15, 6, 0, 0, TimeSpan.Zero));
        app.Emails(officeId, office).Should().NotContain(m => m.Contains("caduc", StringComparison.Ordinal), "35 months and a half: nothing yet");

        await app.RunJobAsync<Modules.Marina.Mandates.Lapsing.MandateLapseJob>(new DateTimeOffset(2029, 2, 2, 6, 0, 0, TimeSpan.Zero));
        await app.RunJobAsync<Modules.Marina.Mandates.Lapsing.MandateLapseJob>(new DateTimeOffset(2029, 2, 3, 6, 0, 0, TimeSpan.Zero));
        app.Emails(officeId, office).Should().ContainSingle(m => m.Contains("caduc le 01/03/2029", StringComparison.Ordinal));
        (await staff.GetFromJsonAsync<JsonElement>($"/api/marina/mandates/{mandate}")).GetProperty("status").GetString().Should().Be("active");

        await app.RunJobAsync<Modules.Marina.Mandates.Lapsing.MandateLapseJob>(new DateTimeOffset(2029, 3, 1, 6, 0, 0, TimeSpan.Zero));
        (await staff.GetFromJsonAsync<JsonElement>($"/api/marina/mandates/{mandate}")).GetProperty("status").GetString().Should().Be("lapsed");
        app.Emails(officeId, office).Should().ContainSingle(m => m.Contains("est caduc depuis le 01/03/2029", StringComparison.Ordinal));
    }

    private static string StatusReport(string messageId, string debitId, string reason) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
          <CstmrPmtStsRpt>
            <GrpHdr><MsgId>STS-{DateTime.UtcNow:yyyyMMddHHmmss}</MsgId><CreDtTm>2026-04-02T08:00:00</CreDtTm><CdtrAgt><FinInstnId><BIC>AGRIFRPP</BIC></FinInstnId></CdtrAgt></GrpHdr>
            <OrgnlGrpInfAndSts><OrgnlMsgId>{messageId}</OrgnlMsgId><OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId></OrgnlGrpInfAndSts>
            <OrgnlPmtInfAndSts>
              <OrgnlPmtInfId>{messageId}-FRST</OrgnlPmtInfId>
              <TxInfAndSts>
                <OrgnlEndToEndId>{debitId}</OrgnlEndToEndId>
                <TxSts>RJCT</TxSts>
                <StsRsnInf><Rsn><Cd>{reason}</Cd></Rsn></StsRsnInf>
                <OrgnlTxRef><ReqdColltnDt>2026-04-01</ReqdColltnDt></OrgnlTxRef>
              </TxInfAndSts>
            </OrgnlPmtInfAndSts>
          </CstmrPmtStsRpt>
        </Document>
        """;
}
