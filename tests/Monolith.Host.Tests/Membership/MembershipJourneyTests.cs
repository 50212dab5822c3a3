using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Membership;

namespace Monolith.Host.Tests.Membership;

public sealed class MembershipJourneyTests : IClassFixture<MembershipApp>
{
    private const int Year = 2020;
    private readonly MembershipApp _app;

    public MembershipJourneyTests(MembershipApp app) => _app = app;

    [Fact]
    public async Task Campaign_to_finalised_order_invoice_cheque_and_emails_then_the_information_check_and_one_reminder_per_step()
    {
        var (staff, officeId) = await _app.NewOfficeAsync();
        await CreateSeedCampaignAsync(staff);
        var (memberId, email) = await RegisterSeedMemberAsync(staff, officeId);
        var member = await _app.InviteAndSignInMemberAsync(staff, officeId, memberId, email);

        // The portal: the catalogue per offer with remaining stock and the mandatory fee on the principal activity only.
        var catalogue = await member.GetFromJsonAsync<JsonElement>("/api/membership/portal/catalogue");
        var offers = catalogue.GetProperty("offers").EnumerateArray().ToList();
        offers.Should().HaveCount(2);
        Product(offers[0], "cotisation").GetProperty("mandatory").GetBoolean().Should().BeTrue();
        Product(offers[1], "cotisation").GetProperty("mandatory").GetBoolean().Should().BeFalse();
        Product(offers[0], "bornes").GetProperty("remaining").GetInt32().Should().Be(6);
        Product(offers[0], "pack-loisirs").GetProperty("vat").GetInt64().Should().Be(4600);

        // Building the order: the recap on every change equals the seed's examples.
        var started = await member.PostAsync("/api/membership/portal/orders", null);
        started.StatusCode.Should().Be(HttpStatusCode.Created);
        var orderId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        var recap = await Put(member, $"/api/membership/portal/orders/{orderId}/offers/org-2", new { productIds = new[] { "cotisation", "pack-pro", "pack-loisirs" } });
        OfferTotals(recap, "org-2").Should().Be((3, 56600L, 8600L), "566 € TTC of which 86 € VAT");
        recap = await Put(member, $"/api/membership/portal/orders/{orderId}/offers/pcu", new { productIds = new[] { "referencement", "pack-pro" } });
        OfferTotals(recap, "pcu").Should().Be((2, 82800L, 13800L), "828 € TTC of which 138 € VAT");
        recap.GetProperty("recap").GetProperty("totalTtc").GetInt64().Should().Be(139400);

        // Validation refused while the payment method, the address and the terms are missing — in French, all at once.
        var refused = await member.PostAsync($"/api/membership/portal/orders/{orderId}/validation", null);
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("order.payment-method-missing");
        problem.GetProperty("detail").GetString().Should().Contain("Choisissez un mode de paiement").And.Contain("adresse de facturation est incomplète")
            .And.Contain("accepter les conditions générales de vente");

        await Put(member, $"/api/membership/portal/orders/{orderId}/payment-method", new { method = "cheque" });
        await Put(member, $"/api/membership/portal/orders/{orderId}/billing-address",
            new { companyName = "HLO Romain Carrillo", street = "12 Place Saint-Pierre", postalCode = "14000", city = "Caen" });
        var accepted = await member.PostAsJsonAsync($"/api/membership/portal/orders/{orderId}/terms-acceptance", new { accept = true });
        accepted.StatusCode.Should().Be(HttpStatusCode.OK);
        (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("termsVersionAccepted").GetInt32().Should().Be(1);

        var validated = await member.PostAsync($"/api/membership/portal/orders/{orderId}/validation", null);
        validated.StatusCode.Should().Be(HttpStatusCode.OK);
        var order = await validated.Content.ReadFromJsonAsync<JsonElement>();
        order.GetProperty("status").GetString().Should().Be("validated");
        order.GetProperty("number").GetString().Should().Be("2020-0001");
        order.GetProperty("message").GetString().Should().Be("Votre commande 2020-0001 est enregistrée et sera finalisée à la réception du paiement.");

        // The invoice is issued through billing and the confirmation e-mail leaves with the order form.
        var invoiced = await MembershipApp.EventuallyAsync(
            () => staff.GetFromJsonAsync<JsonElement>($"/api/membership/orders/{orderId}"),
            o => o.GetProperty("invoiceNumber").ValueKind == JsonValueKind.String, "the invoice is attached to the order");
        var invoiceId = invoiced.GetProperty("invoiceId").GetString()!;
        var confirmation = await MembershipApp.EventuallyAsync(() => Task.FromResult(_app.Emails(officeId, email)),
            mails => mails.Any(m => m.Contains("Votre commande 2020-0001", StringComparison.Ordinal)), "the confirmation e-mail is in the outbox");
        var confirmationMail = confirmation.Single(m => m.Contains("Votre commande 2020-0001", StringComparison.Ordinal));
        confirmationMail.Should().Contain("est enregistrée et sera finalisée à la réception du paiement").And.Contain("bon-de-commande-2020-0001.html")
            .And.Contain(invoiced.GetProperty("invoiceNumber").GetString()!).And.Contain("1\u202f394,00\u00a0€");

        // Billing e-mails the invoice itself, once, with its PDF when chromium is installed.
        var invoiceNumber = invoiced.GetProperty("invoiceNumber").GetString()!;
        await MembershipApp.EventuallyAsync(() => Task.FromResult(_app.Emails(officeId, email)),
            mails => mails.Any(m => m.Contains($"Votre facture n° {invoiceNumber}", StringComparison.Ordinal)), "the invoice e-mail is in the outbox");

        await _app.CatchUpAsync();
        var dashboard = await staff.GetFromJsonAsync<JsonElement>($"/api/membership/campaigns/{Year}/dashboard");
        dashboard.GetProperty("ordersAwaitingPayment").GetInt32().Should().Be(1);
        dashboard.GetProperty("membersJoined").GetInt32().Should().Be(0);
        dashboard.GetProperty("revenue").GetProperty("orderedTtc").GetInt64().Should().Be(139400);
        dashboard.GetProperty("revenue").GetProperty("orderedVat").GetInt64().Should().Be(22400);

        // A partial cheque leaves the order awaiting payment; the rest finalises it.
        var partial = await Post(staff, $"/api/membership/orders/{orderId}/payments", new { method = "cheque", amount = 100000, chequeNumber = "0001234", bank = "CIC" });
        partial.GetProperty("status").GetString().Should().Be("validated");
        var paid = await Post(staff, $"/api/membership/orders/{orderId}/payments", new { method = "cheque", amount = 39400, chequeNumber = "0001235", bank = "CIC" });
        paid.GetProperty("status").GetString().Should().Be("finalised");
        var balance = await staff.GetFromJsonAsync<JsonElement>($"/api/billing/invoices/{invoiceId}/payment-request");
        balance.GetProperty("amount").GetInt64().Should().Be(0, "billing holds both cheques against the invoice");

        // After payment: the "check your published information" form with its due date.
        var checkRequested = await MembershipApp.EventuallyAsync(
            () => member.GetFromJsonAsync<JsonElement>($"/api/membership/portal/orders/{orderId}"),
            o => o.GetProperty("informationDueOn").ValueKind == JsonValueKind.String, "the information check is requested");
        var due = DateOnly.Parse(checkRequested.GetProperty("informationDueOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        await MembershipApp.EventuallyAsync(() => Task.FromResult(_app.Emails(officeId, email)),
            mails => mails.Any(m => m.Contains("avant diffusion", StringComparison.Ordinal)), "the information-check e-mail is in the outbox");

        // The daily job: nothing before the first step; step 1 seven days before the due date, once, however often it runs.
        await _app.CatchUpAsync();
        var jobs = _app.Get<JobRunner>();
        var reminders = typeof(MembershipModule).Assembly.GetType("Monolith.Modules.Membership.Jobs.InformationCheckReminders")!;
        await jobs.RunAsync(reminders, At(due.AddDays(-8)));
        _app.Emails(officeId, email).Should().HaveCount(4, "invitation, confirmation, invoice, information check");
        await jobs.RunAsync(reminders, At(due.AddDays(-7)));
        await jobs.RunAsync(reminders, At(due.AddDays(-6)));
        await _app.CatchUpAsync();
        await jobs.RunAsync(reminders, At(due.AddDays(-5)));
        _app.Emails(officeId, email).Count(m => m.Contains("Rappel", StringComparison.Ordinal)).Should().Be(1);
        await jobs.RunAsync(reminders, At(due.AddDays(-1)));
        _app.Emails(officeId, email).Count(m => m.Contains("Rappel", StringComparison.Ordinal)).Should().Be(2, "the second step");

        // Once the member confirms, no more reminders.
        (await member.PostAsync($"/api/membership/portal/orders/{orderId}/information-confirmation", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await _app.CatchUpAsync();
        dashboard = await staff.GetFromJsonAsync<JsonElement>($"/api/membership/campaigns/{Year}/dashboard");
        dashboard.GetProperty("membersJoined").GetInt32().Should().Be(1);
        dashboard.GetProperty("ordersAwaitingPayment").GetInt32().Should().Be(0);
        dashboard.GetProperty("revenue").GetProperty("paidTtc").GetInt64().Should().Be(139400);
        dashboard.GetProperty("stock").EnumerateArray().Single(s => s.GetProperty("productId").GetString() == "bornes")
            .GetProperty("remaining").GetInt32().Should().Be(6);
        _app.Emails(officeId, email).Should().HaveCount(6, "invitation, confirmation, invoice, information check, two reminders");

        // The read models are rebuildable from the log: the dashboard reads the same after a rebuild.
        (await _app.Get<IProjectionAdmin>().RebuildAsync("membership.read-models")).Should().Be(AdminOutcome.Done);
        await _app.CatchUpAsync();
        var rebuilt = await staff.GetFromJsonAsync<JsonElement>($"/api/membership/campaigns/{Year}/dashboard");
        rebuilt.GetRawText().Should().Be(dashboard.GetRawText());
    }

    [Fact]
    public async Task A_member_cannot_see_or_change_another_members_order_and_another_office_cannot_see_it_either()
    {
        var (staff, officeId) = await _app.NewOfficeAsync();
        await CreateSeedCampaignAsync(staff);
        var (aliceId, aliceEmail) = await RegisterSeedMemberAsync(staff, officeId, "alice");
        var (bobId, bobEmail) = await RegisterSeedMemberAsync(staff, officeId, "bob");
        var alice = await _app.InviteAndSignInMemberAsync(staff, officeId, aliceId, aliceEmail);
        var bob = await _app.InviteAndSignInMemberAsync(staff, officeId, bobId, bobEmail);

        var orderId = (await (await alice.PostAsync("/api/membership/portal/orders", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString();

        (await bob.GetAsync($"/api/membership/portal/orders/{orderId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await bob.PutAsJsonAsync($"/api/membership/portal/orders/{orderId}/offers/org-2", new { productIds = new[] { "cotisation" } }))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await bob.PostAsync($"/api/membership/portal/orders/{orderId}/validation", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await alice.GetAsync($"/api/membership/portal/orders/{orderId}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await _app.CatchUpAsync();
        (await bob.GetFromJsonAsync<JsonElement>("/api/membership/portal/orders")).GetArrayLength().Should().Be(0);
        (await alice.GetAsync("/api/membership/orders")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the staff API is not for members");

        var (otherStaff, _) = await _app.NewOfficeAsync();
        (await otherStaff.GetAsync($"/api/membership/orders/{orderId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherStaff.GetAsync($"/api/membership/members/{aliceId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherStaff.GetFromJsonAsync<JsonElement>("/api/membership/orders")).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Validation_without_the_fee_on_the_principal_activity_is_refused_in_french_and_a_product_cannot_change_once_ordered()
    {
        var (staff, officeId) = await _app.NewOfficeAsync();
        await CreateSeedCampaignAsync(staff);
        var (memberId, email) = await RegisterSeedMemberAsync(staff, officeId);
        var member = await _app.InviteAndSignInMemberAsync(staff, officeId, memberId, email);
        var orderId = (await (await member.PostAsync("/api/membership/portal/orders", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString();
        var draft = await Put(member, $"/api/membership/portal/orders/{orderId}/offers/pcu", new { productIds = new[] { "cotisation", "pack-pro" } });
        draft.GetProperty("recap").GetProperty("offers")[0].GetProperty("lines").EnumerateArray()
            .Should().ContainSingle(l => l.GetProperty("missing").GetBoolean(), "the fee shows as missing on the principal activity");
        await Put(member, $"/api/membership/portal/orders/{orderId}/payment-method", new { method = "transfer" });
        await Put(member, $"/api/membership/portal/orders/{orderId}/billing-address", new { companyName = "HLO", street = "12 Place Saint-Pierre", postalCode = "14000", city = "Caen" });
        await member.PostAsJsonAsync($"/api/membership/portal/orders/{orderId}/terms-acceptance", new { accept = true });

        var refused = await member.PostAsync($"/api/membership/portal/orders/{orderId}/validation", null);
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("order.mandatory-missing");
        problem.GetProperty("detail").GetString().Should().Be("Le produit « Cotisation annuelle » est obligatoire pour votre activité principale « Offre test Romain Carrillo ORG 2 ».");

        await Put(member, $"/api/membership/portal/orders/{orderId}/offers/org-2", new { productIds = new[] { "cotisation" } });
        (await member.PostAsync($"/api/membership/portal/orders/{orderId}/validation", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var change = await staff.PutAsJsonAsync($"/api/membership/campaigns/{Year}/products/pack-pro", PackPro with { PriceTtc = 25000 });
        change.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await change.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("product.already-ordered");
        (await staff.PutAsJsonAsync($"/api/membership/campaigns/{Year}/products/referencement", Referencement with { PriceTtc = 60000 }))
            .StatusCode.Should().Be(HttpStatusCode.OK, "a product nobody ordered can still change");
    }

    [Fact]
    public async Task A_card_order_gets_the_providers_hosted_page_and_is_finalised_when_the_provider_confirms_keeping_only_its_reference()
    {
        var (staff, officeId) = await _app.NewOfficeAsync();
        await CreateSeedCampaignAsync(staff);
        var (memberId, email) = await RegisterSeedMemberAsync(staff, officeId);
        var member = await _app.InviteAndSignInMemberAsync(staff, officeId, memberId, email);
        var orderId = (await (await member.PostAsync("/api/membership/portal/orders", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString();
        await Put(member, $"/api/membership/portal/orders/{orderId}/offers/org-2", new { productIds = new[] { "cotisation", "pack-loisirs", "bornes" } });
        await Put(member, $"/api/membership/portal/orders/{orderId}/payment-method", new { method = "card" });
        await Put(member, $"/api/membership/portal/orders/{orderId}/billing-address", new { companyName = "HLO", street = "12 Place Saint-Pierre", postalCode = "14000", city = "Caen" });
        await member.PostAsJsonAsync($"/api/membership/portal/orders/{orderId}/terms-acceptance", new { accept = true });
        (await member.PostAsync($"/api/membership/portal/orders/{orderId}/validation", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var invoiced = await MembershipApp.EventuallyAsync(
            () => member.GetFromJsonAsync<JsonElement>($"/api/membership/portal/orders/{orderId}"),
            o => o.GetProperty("cardPaymentUrl").ValueKind == JsonValueKind.String, "the hosted payment page is attached to the order");
        var url = invoiced.GetProperty("cardPaymentUrl").GetString()!;
        url.Should().StartWith("https://paiement.example.test/checkout/psp_").And.Contain("amount=62600");
        var providerReference = new Uri(url).Segments[^1];

        var paid = await Post(staff, $"/api/membership/orders/{orderId}/card-payment/confirmation", new { providerReference, amount = 62600 });
        paid.GetProperty("status").GetString().Should().Be("finalised");
        await MembershipApp.EventuallyAsync(() => Task.FromResult(_app.Emails(officeId, email)),
            mails => mails.Any(m => m.Contains("payer ma commande", StringComparison.Ordinal)), "the confirmation e-mail links to the payment page");
        await _app.CatchUpAsync();
        var dashboard = await staff.GetFromJsonAsync<JsonElement>($"/api/membership/campaigns/{Year}/dashboard");
        dashboard.GetProperty("stock").EnumerateArray().Single(s => s.GetProperty("productId").GetString() == "bornes").GetProperty("remaining").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task A_transfer_recorded_directly_in_billing_is_noticed_by_the_payment_watch_job_which_finalises_the_order()
    {
        var (staff, officeId) = await _app.NewOfficeAsync();
        await CreateSeedCampaignAsync(staff);
        var (memberId, email) = await RegisterSeedMemberAsync(staff, officeId);
        var member = await _app.InviteAndSignInMemberAsync(staff, officeId, memberId, email);
        var orderId = (await (await member.PostAsync("/api/membership/portal/orders", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString();
        await Put(member, $"/api/membership/portal/orders/{orderId}/offers/org-2", new { productIds = new[] { "cotisation" } });
        await Put(member, $"/api/membership/portal/orders/{orderId}/payment-method", new { method = "transfer" });
        await Put(member, $"/api/membership/portal/orders/{orderId}/billing-address", new { companyName = "HLO", street = "12 Place Saint-Pierre", postalCode = "14000", city = "Caen" });
        await member.PostAsJsonAsync($"/api/membership/portal/orders/{orderId}/terms-acceptance", new { accept = true });
        (await member.PostAsync($"/api/membership/portal/orders/{orderId}/validation", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var invoiceId = (await MembershipApp.EventuallyAsync(
            () => staff.GetFromJsonAsync<JsonElement>($"/api/membership/orders/{orderId}"),
            o => o.GetProperty("invoiceId").ValueKind == JsonValueKind.String, "the invoice is attached")).GetProperty("invoiceId").GetString()!;
        var mails = await MembershipApp.EventuallyAsync(() => Task.FromResult(_app.Emails(officeId, email)),
            m => m.Any(x => x.Contains("Votre commande 2020-0001", StringComparison.Ordinal)), "the confirmation e-mail is in the outbox");
        mails.Single(m => m.Contains("Votre commande 2020-0001", StringComparison.Ordinal)).Should().Contain("FR76", "a transfer shows the office's IBAN");

        await _app.Get<IBillingService>().RecordPaymentAsync(officeId, new RecordPaymentRequest(
            "transfer-1", memberId, new PaymentDetails(PaymentMethod.BankTransfer, TransferReference: "VIR ADHESION"), 5000,
            DateOnly.FromDateTime(DateTime.UtcNow), [new PaymentAllocationRequest(invoiceId, 5000)]));
        await _app.CatchUpAsync();
        var watch = typeof(MembershipModule).Assembly.GetType("Monolith.Modules.Membership.Jobs.PaymentWatch")!;
        await _app.Get<JobRunner>().RunAsync(watch);

        (await staff.GetFromJsonAsync<JsonElement>($"/api/membership/orders/{orderId}")).GetProperty("status").GetString().Should().Be("finalised");
        var again = await staff.PostAsJsonAsync($"/api/membership/orders/{orderId}/payments", new { method = "cheque", amount = 5000 });
        again.StatusCode.Should().Be(HttpStatusCode.Conflict, "a finalised order takes no more payment");
    }

    [Fact]
    public async Task Eight_members_validating_at_once_over_http_for_the_last_two_slots_two_succeed_six_get_a_409_and_stay_drafts()
    {
        var (staff, officeId) = await _app.NewOfficeAsync();
        await CreateSeedCampaignAsync(staff);
        (await staff.PutAsJsonAsync($"/api/membership/campaigns/{Year}/products/bornes", Bornes with { Stock = 2 })).StatusCode.Should().Be(HttpStatusCode.OK);
        var orders = new List<(HttpClient Member, string OrderId)>();
        for (var i = 0; i < 8; i++)
        {
            var (memberId, email) = await RegisterSeedMemberAsync(staff, officeId, $"member{i}");
            var member = await _app.InviteAndSignInMemberAsync(staff, officeId, memberId, email);
            var orderId = (await (await member.PostAsync("/api/membership/portal/orders", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
            await Put(member, $"/api/membership/portal/orders/{orderId}/offers/org-2", new { productIds = new[] { "cotisation", "pack-loisirs", "bornes" } });
            await Put(member, $"/api/membership/portal/orders/{orderId}/payment-method", new { method = "cheque" });
            await Put(member, $"/api/membership/portal/orders/{orderId}/billing-address", new { companyName = "HLO", street = "1 rue", postalCode = "14000", city = "Caen" });
            await member.PostAsJsonAsync($"/api/membership/portal/orders/{orderId}/terms-acceptance", new { accept = true });
            orders.Add((member, orderId));
        }

        var responses = await Task.WhenAll(orders.Select(o => Task.Run(() => o.Member.PostAsync($"/api/membership/portal/orders/{o.OrderId}/validation", null))));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(2);
        var refusals = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        refusals.Should().HaveCount(6).And.OnlyContain(r => r.StatusCode == HttpStatusCode.Conflict);
        foreach (var refusal in refusals)
        {
            var problem = await refusal.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().Should().Be("product.out-of-stock");
            problem.GetProperty("detail").GetString().Should().Contain("n'est plus disponible (stock épuisé)");
        }

        var statuses = new List<string>();
        foreach (var (member, orderId) in orders)
        {
            statuses.Add((await member.GetFromJsonAsync<JsonElement>($"/api/membership/portal/orders/{orderId}")).GetProperty("status").GetString()!);
        }

        statuses.Should().BeEquivalentTo(["validated", "validated", "draft", "draft", "draft", "draft", "draft", "draft"]);
        await _app.CatchUpAsync();
        var dashboard = await staff.GetFromJsonAsync<JsonElement>($"/api/membership/campaigns/{Year}/dashboard");
        dashboard.GetProperty("stock").EnumerateArray().Single(s => s.GetProperty("productId").GetString() == "bornes").GetProperty("remaining").GetInt32().Should().Be(0);
        dashboard.GetProperty("ordersValidated").GetInt32().Should().Be(2);
    }

    private sealed record ProductBody(string ProductId, string Name, string Description, long PriceTtc, int VatBasisPoints, string? VatOutOfScopeReason, int? Stock,
        bool MandatoryForPrincipal, string[] Prerequisites);

    private static readonly ProductBody Cotisation = new("cotisation", "Cotisation annuelle", "Cotisation annuelle pour adhésion à l'association.", 5000, 0,
        "Cotisation d'association sans contrepartie", null, true, []);

    private static readonly ProductBody Referencement = new("referencement", "Référencement d'activité", "", 58800, 2000, null, null, false, []);
    private static readonly ProductBody PackPro = new("pack-pro", "Pack PRO (Affaires/Groupes)", "", 24000, 2000, null, null, false, ["cotisation"]);
    private static readonly ProductBody PackLoisirs = new("pack-loisirs", "Pack tourisme de loisirs", "", 27600, 2000, null, null, false, []);
    private static readonly ProductBody Bornes = new("bornes", "Régie publicitaire : Insertion sur les bornes tactiles", "6 bornes", 30000, 2000, null, 6, false, ["pack-loisirs"]);

    private static async Task CreateSeedCampaignAsync(HttpClient staff)
    {
        (await staff.PostAsJsonAsync("/api/membership/campaigns", new { year = Year, name = "Caen la mer Tourisme - Campagne d'adhésion 2020" })).StatusCode
            .Should().Be(HttpStatusCode.Created);
        foreach (var product in new[] { Cotisation, Referencement, PackPro, PackLoisirs, Bornes })
        {
            var added = await staff.PostAsJsonAsync($"/api/membership/campaigns/{Year}/products", product);
            added.StatusCode.Should().Be(HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        }

        (await staff.PostAsync($"/api/membership/campaigns/{Year}/opening", null)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<(string MemberId, string Email)> RegisterSeedMemberAsync(HttpClient staff, string officeId, string who = "romain")
    {
        var email = $"{who}@{officeId}.example.test";
        var response = await staff.PostAsJsonAsync("/api/membership/members", new
        {
            companyName = "HLO Romain Carrillo",
            loginEmail = email,
            contacts = new[] { new { name = "Romain Carrillo", email, phone = "02 31 00 00 00", role = "Gérant" } },
            offers = new[]
            {
                new { offerId = "org-2", name = "Offre test Romain Carrillo ORG 2", principal = true },
                new { offerId = "pcu", name = "Offre test Romain Carrillo PCU", principal = false },
            },
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("memberId").GetString()!, email);
    }

    private static JsonElement Product(JsonElement offer, string productId) =>
        offer.GetProperty("products").EnumerateArray().Single(p => p.GetProperty("productId").GetString() == productId);

    private static (int Count, long Ttc, long Vat) OfferTotals(JsonElement order, string offerId)
    {
        var offer = order.GetProperty("recap").GetProperty("offers").EnumerateArray().Single(o => o.GetProperty("offerId").GetString() == offerId);
        return (offer.GetProperty("productCount").GetInt32(), offer.GetProperty("totalTtc").GetInt64(), offer.GetProperty("totalVat").GetInt64());
    }

    private static async Task<JsonElement> Put(HttpClient client, string url, object body)
    {
        var response = await client.PutAsJsonAsync(url, body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> Post(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
}
