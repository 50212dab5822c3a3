using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Monolith.Host.Tests.Billing;

namespace Monolith.Host.Tests.Marina;

public sealed class MarinaContractTests(MarinaApp app) : IClassFixture<MarinaApp>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(body);
        return JsonDocument.Parse(body).RootElement;
    }

    [ChromiumFact]
    public async Task The_holder_signs_in_three_steps_on_the_downloaded_pdf_and_the_account_shows_the_seed_figures()
    {
        var (staff, officeId) = await app.NewPortAsync();
        var email = $"jean.dupont.{TestIds.Letters()}@example.test";
        var holderId = await MarinaApp.NewHolderAsync(staff, "DUPONT JEAN", email);
        var contractId = await MarinaApp.DraftContractAsync(staff, holderId, "A-12");
        var holder = await app.RegisterAndSignInAsync(officeId, email);

        var contract = await holder.GetFromJsonAsync<JsonElement>($"/api/marina/portal/contracts/{contractId}");
        contract.GetProperty("totalTtc").GetInt64().Should().Be(152000);
        contract.GetProperty("nextStep").GetInt32().Should().Be(1);

        // Step 1 needs the PDF; steps go in order.
        (await holder.PostAsJsonAsync($"/api/marina/portal/contracts/{contractId}/signature-steps/1", new { accept = true }))
            .StatusCode.Should().Be(HttpStatusCode.Conflict);
        var pdf = await holder.GetAsync($"/api/marina/portal/contracts/{contractId}/pdf");
        pdf.StatusCode.Should().Be(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        pdf.Headers.GetValues("X-Content-SHA256").Single().Should().Be(hash);
        var outOfOrder = await holder.PostAsJsonAsync($"/api/marina/portal/contracts/{contractId}/signature-steps/2", new { accept = true });
        outOfOrder.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await outOfOrder.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("étape 1/3");

        app.Clock.GetUtcNow().Should().Be(new DateTimeOffset(2026, 3, 2, 10, 55, 0, TimeSpan.Zero), "11:55 in Paris (UTC+1 in March)");
        foreach (var step in new[] { 1, 2, 3 })
        {
            await Json(await holder.PostAsJsonAsync($"/api/marina/portal/contracts/{contractId}/signature-steps/{step}", new { accept = true, pdfSha256 = hash }));
        }

        contract = await holder.GetFromJsonAsync<JsonElement>($"/api/marina/portal/contracts/{contractId}");
        contract.GetProperty("status").GetString().Should().Be("signed");
        contract.GetProperty("steps").EnumerateArray().Should().OnlyContain(s => s.GetProperty("pdfSha256").GetString() == hash && s.GetProperty("accepted").GetBoolean());
        var copy = await holder.GetStringAsync($"/api/marina/portal/contracts/{contractId}/signed-copy?format=html");
        copy.Should().Contain("Contrat signé le 02/03/2026 à 11:55").And.Contain(hash);
        (await holder.GetAsync($"/api/marina/portal/contracts/{contractId}/signed-copy")).Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");

        // The signed contract is invoiced ("Facture de contrat Annuel"); a service is invoiced too; cheque and transfer at the harbour office.
        await app.CatchUpAsync();
        var invoiceId = (await staff.GetFromJsonAsync<JsonElement>($"/api/marina/contracts/{contractId}")).GetProperty("invoiceId").GetString()!;
        var service = await Json(await staff.PostAsJsonAsync($"/api/marina/holders/{holderId}/service-invoices", new
        {
            reference = "grutage-2026",
            lines = new[] { new { label = "Grutage et carénage", quantity = 1, unitPriceTtc = 17800, vatRate = new { basisPoints = 2000 } } },
        }));
        service.GetProperty("totalTtc").GetInt64().Should().Be(17800);
        service.GetProperty("currency").GetString().Should().Be("EUR", "the invoice view says its currency (the stored MarinaInvoice does not)");
        await Json(await staff.PostAsJsonAsync($"/api/marina/holders/{holderId}/payments", new
        {
            invoiceId,
            method = "cheque",
            amount = 67000,
            chequeNumber = "0001234",
            bank = "Crédit Agricole",
        }));
        await Json(await staff.PostAsJsonAsync($"/api/marina/holders/{holderId}/payments", new
        {
            invoiceId = service.GetProperty("invoiceId").GetString(),
            method = "bankTransfer",
            amount = 17800,
            transferReference = "VIR-2026-03",
        }));

        await app.CatchUpAsync();
        var account = await holder.GetFromJsonAsync<JsonElement>("/api/marina/portal/account");
        var lines = account.GetProperty("invoices").EnumerateArray().ToList();
        lines.Select(l => (l.GetProperty("amountTtc").GetInt64(), l.GetProperty("paid").GetInt64(), l.GetProperty("balance").GetInt64(), l.GetProperty("label").GetString()))
            .Should().Equal((152000L, 67000L, 85000L, "Facture de contrat Annuel"), (17800L, 17800L, 0L, "Facture de prestation"));
        account.GetProperty("totalInvoices").GetInt64().Should().Be(169800);
        account.GetProperty("totalPayments").GetInt64().Should().Be(84800);
        account.GetProperty("difference").GetInt64().Should().Be(85000);

        // "Règlement": the bank's page with the invoice number as reference and the balance as amount.
        var started = await Json(await holder.PostAsJsonAsync($"/api/marina/portal/invoices/{invoiceId}/card-payment", new { returnUrl = "/portail/compte" }));
        started.GetProperty("amount").GetInt64().Should().Be(85000);
        started.GetProperty("invoiceNumber").GetString().Should().Be(lines[0].GetProperty("number").GetString());
        started.GetProperty("redirectUrl").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_change_after_step_1_restarts_the_signature_and_another_holder_cannot_see_the_contract()
    {
        var (staff, officeId) = await app.NewPortAsync();
        var email = $"marie.{TestIds.Letters()}@example.test";
        var holderId = await MarinaApp.NewHolderAsync(staff, "MARTIN Marie", email);
        var contractId = await MarinaApp.DraftContractAsync(staff, holderId, "A-14");

        var loaded = await staff.GetAsync($"/api/marina/contracts/{contractId}");
        using var change = new HttpRequestMessage(HttpMethod.Put, $"/api/marina/contracts/{contractId}")
        {
            Content = JsonContent.Create(new { boatId = "boat-1", berthId = "B-03", options = Array.Empty<string>() }),
        };
        change.Headers.IfMatch.Add(loaded.Headers.ETag!);
        var changed = await staff.SendAsync(change);
        var view = await Json(changed);
        view.GetProperty("version").GetInt32().Should().Be(2);
        view.GetProperty("totalTtc").GetInt64().Should().Be(140000);

        var tooBig = await staff.PostAsJsonAsync("/api/marina/contracts", new { holderId, boatId = "nope", berthId = "A-12", season = 2026 });
        tooBig.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var noPrices = await staff.PostAsJsonAsync("/api/marina/contracts", new { holderId, boatId = "boat-1", berthId = "A-12", season = 2031 });
        noPrices.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await noPrices.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("Aucun tarif");

        var other = await MarinaApp.NewHolderAsync(staff, "Autre Plaisancier", $"autre.{TestIds.Letters()}@example.test");
        _ = other;
        var intruder = await app.RegisterAndSignInAsync(officeId, email);
        (await intruder.GetAsync($"/api/marina/portal/contracts/{contractId}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var stranger = await app.RegisterAndSignInAsync(officeId, (await staff.GetFromJsonAsync<JsonElement>($"/api/marina/holders/{other}")).GetProperty("email").GetString()!);
        (await stranger.GetAsync($"/api/marina/portal/contracts/{contractId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
