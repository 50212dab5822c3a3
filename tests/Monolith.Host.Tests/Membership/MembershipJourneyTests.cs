using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Payments;
using Monolith.Modules.Membership;
using Monolith.Testing;

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
        catalogue.GetProperty("currency").GetString().Should().Be("EUR");
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
        dashboard.GetProperty("awaitingPayment").GetArrayLength().Should().Be(1);
        dashboard.GetProperty("currency").GetString().Should().Be("EUR");
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
        (await bob.PutAsJsonIfMatchAsync($"/api/membership/portal/orders/{orderId}/offers/org-2", new { productIds = new[] { "cotisation" } }))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await bob.PostAsync($"/api/membership/portal/orders/{orderId}/validation", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await alice.GetAsync($"/api/membership/portal/orders/{orderId}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await _app.CatchUpAsync();
        (await bob.GetFromJsonAsync<JsonElement>("/api/membership/portal/orders")).GetProperty("total").GetInt64().Should().Be(0);
        var mine = await alice.GetFromJsonAsync<JsonElement>("/api/membership/portal/orders?pageSize=1000");
        mine.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()).Should().Equal(orderId);
        mine.GetProperty("pageSize").GetInt32().Should().Be(200, "the portal's lists are bounded like the staff's");
        (await alice.GetFromJsonAsync<JsonElement>("/api/membership/portal/orders?status=finalised")).GetProperty("total").GetInt64().Should().Be(0);
        (await alice.GetAsync("/api/membership/portal/orders?status=paye")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await alice.GetAsync("/api/membership/orders")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the staff API is not for members");

        var (otherStaff, _) = await _app.NewOfficeAsync();
        (await otherStaff.GetAsync($"/api/membership/orders/{orderId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherStaff.GetAsync($"/api/membership/members/{aliceId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherStaff.GetFromJsonAsync<JsonElement>("/api/membership/orders")).GetProperty("total").GetInt64().Should().Be(0);
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
        await Put(member, $"/api/membership/portal/orders/{orderId}/payment-method", new { method = "bankTransfer" });
        await Put(member, $"/api/membership/portal/orders/{orderId}/billing-address", new { companyName = "HLO", street = "12 Place Saint-Pierre", postalCode = "14000", city = "Caen" });
        await member.PostAsJsonAsync($"/api/membership/portal/orders/{orderId}/terms-acceptance", new { accept = true });

        var refused = await member.PostAsync($"/api/membership/portal/orders/{orderId}/validation", null);
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("order.mandatory-missing");
        problem.GetProperty("detail").GetString().Should().Be("Le produit « Cotisation annuelle » est obligatoire pour votre activité principale « Offre test Romain Carrillo ORG 2 ».");

        await Put(member, $"/api/membership/portal/orders/{orderId}/offers/org-2", new { productIds = new[] { "cotisation" } });
        (await member.PostAsync($"/api/membership/portal/orders/{orderId}/validation", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var change = await staff.PutAsJsonIfMatchAsync($"/api/membership/campaigns/{Year}/products/pack-pro", PackPro with { PriceTtc = 25000 });
        change.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await change.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("product.already-ordered");
        (await staff.PutAsJsonIfMatchAsync($"/api/membership/campaigns/{Year}/products/referencement", Referencement with { PriceTtc = 60000 }))
            .StatusCode.Should().Be(HttpStatusCode.OK, "a product nobody ordered can still change");
    }

    [Fact]
    public async Task A_card_order_is_paid_on_billings_provider_page_and_finalised_by_the_payment_watch_and_no_card_number_is_stored()
    {
        const string Pan = "5555 5555 5555 4444";
        var (staff, officeId) = await _app.NewOfficeAsync();
        await CreateSeedCampaignAsync(staff);
        var (memberId, email) = await RegisterSeedMemberAsync(staff, officeId);
        var member = await _app.InviteAndSignInMemberAsync(staff, officeId, memberId, email);
        var orderId = (await (await member.PostAsync("/api/membership/portal/orders", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        await Put(member, $"/api/membership/portal/orders/{orderId}/offers/org-2", new { productIds = new[] { "cotisation", "pack-loisirs", "bornes" } });
        await Put(member, $"/api/membership/portal/orders/{orderId}/payment-method", new { method = "card" });
        await Put(member, $"/api/membership/portal/orders/{orderId}/billing-address", new { companyName = "HLO", street = "12 Place Saint-Pierre", postalCode = "14000", city = "Caen" });
        await member.PostAsJsonAsync($"/api/membership/portal/orders/{orderId}/terms-acceptance", new { accept = true });
        (await member.PostAsync($"/api/membership/portal/orders/{orderId}/validation", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        // Once invoiced, billing has started the card payment: the portal order shows the provider's page and billing's reference.
        var invoiced = await MembershipApp.EventuallyAsync(
            () => member.GetFromJsonAsync<JsonElement>($"/api/membership/portal/orders/{orderId}"),
            o => o.GetProperty("cardPaymentUrl").ValueKind == JsonValueKind.String, "the provider's hosted page is attached to the order");
        var pageUrl = invoiced.GetProperty("cardPaymentUrl").GetString()!;
        var reference = invoiced.GetProperty("cardPaymentReference").GetString()!;
        var invoiceId = invoiced.GetProperty("invoiceId").GetString()!;
        pageUrl.Should().Be($"/api/billing/test-provider/pages/{reference}");
        var billing = _app.Get<IBillingService>();
        var pending = (await billing.GetCardPaymentAsync(officeId, reference))!;
        pending.Status.Should().Be(CardPaymentStatus.Pending);
        pending.Amount.Should().Be(62600);
        pending.InvoiceId.Should().Be(invoiceId);
        pending.CustomerId.Should().Be(memberId);
        var confirmation = await MembershipApp.EventuallyAsync(() => Task.FromResult(_app.Emails(officeId, email)),
            mails => mails.Any(m => m.Contains("payer ma commande", StringComparison.Ordinal)), "the confirmation e-mail links to the payment");
        confirmation.Single(m => m.Contains("payer ma commande", StringComparison.Ordinal))
            .Should().Contain($"https://adherents.example.test/adhesion/commandes/{orderId}", "an e-mail links the portal's order page, which shows the provider's page");

        // The simulated bank: its page, then the member types a card and approves; billing records the payment from the signed
        // notification and the bank sends the member back to the portal order.
        var bank = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await bank.GetStringAsync(pageUrl)).Should().Contain(invoiced.GetProperty("invoiceNumber").GetString()!);
        var back = await bank.PostAsync(pageUrl, new FormUrlEncodedContent(new Dictionary<string, string> { ["outcome"] = "approve", ["cardNumber"] = Pan }));
        back.StatusCode.Should().Be(HttpStatusCode.Redirect, await back.Content.ReadAsStringAsync());
        back.Headers.Location!.ToString().Should().Be($"/api/membership/portal/orders/{orderId}?paymentReference={reference}&status=received");
        var received = (await billing.GetCardPaymentAsync(officeId, reference))!;
        received.Status.Should().Be(CardPaymentStatus.Received);
        received.CardLast4.Should().Be("4444");
        (await billing.GetPaymentRequestAsync(officeId, invoiceId))!.Amount.Should().Be(0);

        // Billing published InvoiceSettled with the payment: the order is finalised by its reaction, no job; the member lands on it
        // finalised, with no page to pay on.
        await _app.CatchUpWithReactorsAsync();
        var landed = await member.GetFromJsonAsync<JsonElement>(back.Headers.Location!.ToString());
        landed.GetProperty("status").GetString().Should().Be("finalised");
        landed.GetProperty("paidOn").ValueKind.Should().Be(JsonValueKind.String);
        landed.GetProperty("cardPaymentUrl").ValueKind.Should().Be(JsonValueKind.Null);
        (await staff.PostAsJsonAsync($"/api/membership/orders/{orderId}/card-payment/confirmation", new { providerReference = reference, amount = 62600 }))
            .StatusCode.Should().Be(HttpStatusCode.NotFound, "staff no longer confirm card payments by hand: billing's provider flow does");
        await MembershipApp.EventuallyAsync(() => Task.FromResult(_app.Emails(officeId, email)),
            mails => mails.Any(m => m.Contains("Nous avons bien reçu le paiement de votre commande", StringComparison.Ordinal)), "the information check follows the payment");
        await _app.CatchUpAsync();
        var dashboard = await staff.GetFromJsonAsync<JsonElement>($"/api/membership/campaigns/{Year}/dashboard");
        dashboard.GetProperty("stock").EnumerateArray().Single(s => s.GetProperty("productId").GetString() == "bornes").GetProperty("remaining").GetInt32().Should().Be(5);

        // Only billing's reference reached the order; the card number is in no event and in no byte of the data folder.
        var events = await _app.Get<IEventStore>().ReadAllAsync(0, 1_000_000);
        events.Single(e => e.Type == "membership.invoice-attached" && e.StreamId == $"membership-order:{orderId}").Data.Should().Contain(reference);
        events.Where(e => e.Type.StartsWith("billing.payment-", StringComparison.Ordinal) && e.StreamId.Contains(memberId, StringComparison.Ordinal))
            .Select(e => e.Type).Should().Equal("billing.payment-pending", "billing.payment-received", "billing.payment-allocated");
        events.Where(e => e.Data.Contains(Pan.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal) || e.Data.Contains(Pan, StringComparison.Ordinal))
            .Select(e => e.Type).Should().BeEmpty();
        events.Where(e => e.Metadata.TenantId == officeId && (e.Type.StartsWith("membership.", StringComparison.Ordinal) || e.Type.StartsWith("billing.payment-", StringComparison.Ordinal)
                || e.Type.StartsWith("billing.card-", StringComparison.Ordinal)) && CardData.ContainsCardNumber(e.Data))
            .Select(e => e.Type).Should().BeEmpty("no card-number-like value in the order's or the payment's events");
        foreach (var file in Directory.GetFiles(_app.DataFolderPath, "*", SearchOption.AllDirectories))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            var text = System.Text.Encoding.Latin1.GetString(memory.ToArray());
            text.Should().NotContain(Pan.Replace(" ", "", StringComparison.Ordinal), file).And.NotContain(Pan, file);
        }
    }

    [Fact]
    public async Task A_transfer_recorded_directly_in_billing_finalises_the_order_on_billings_invoice_settled_fact_without_any_job()
    {
        var (staff, officeId) = await _app.NewOfficeAsync();
        await CreateSeedCampaignAsync(staff);
        var (memberId, email) = await RegisterSeedMemberAsync(staff, officeId);
        var member = await _app.InviteAndSignInMemberAsync(staff, officeId, memberId, email);
        var orderId = (await (await member.PostAsync("/api/membership/portal/orders", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString();
        await Put(member, $"/api/membership/portal/orders/{orderId}/offers/org-2", new { productIds = new[] { "cotisation" } });
        await Put(member, $"/api/membership/portal/orders/{orderId}/payment-method", new { method = "bankTransfer" });
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
        await _app.CatchUpWithReactorsAsync();

        (await staff.GetFromJsonAsync<JsonElement>($"/api/membership/orders/{orderId}")).GetProperty("status").GetString().Should().Be("finalised");
        var again = await staff.PostAsJsonAsync($"/api/membership/orders/{orderId}/payments", new { method = "cheque", amount = 5000 });
        again.StatusCode.Should().Be(HttpStatusCode.Conflict, "a finalised order takes no more payment");
    }

    [Fact]
    public async Task A_cheque_recorded_in_billing_for_an_order_invoice_finalises_the_order_within_one_catch_up_without_any_job()
    {
        var (staff, officeId) = await _app.NewOfficeAsync();
        await CreateSeedCampaignAsync(staff);
        var (memberId, email) = await RegisterSeedMemberAsync(staff, officeId);
        var member = await _app.InviteAndSignInMemberAsync(staff, officeId, memberId, email);
        var orderId = (await (await member.PostAsync("/api/membership/portal/orders", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString();
        await Put(member, $"/api/membership/portal/orders/{orderId}/offers/org-2", new { productIds = new[] { "cotisation" } });
        await Put(member, $"/api/membership/portal/orders/{orderId}/payment-method", new { method = "cheque" });
        await Put(member, $"/api/membership/portal/orders/{orderId}/billing-address", new { companyName = "HLO", street = "12 Place Saint-Pierre", postalCode = "14000", city = "Caen" });
        await member.PostAsJsonAsync($"/api/membership/portal/orders/{orderId}/terms-acceptance", new { accept = true });
        (await member.PostAsync($"/api/membership/portal/orders/{orderId}/validation", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var invoiceId = (await MembershipApp.EventuallyAsync(
            () => staff.GetFromJsonAsync<JsonElement>($"/api/membership/orders/{orderId}"),
            o => o.GetProperty("invoiceId").ValueKind == JsonValueKind.String, "the invoice is attached")).GetProperty("invoiceId").GetString()!;

        var cheque = await staff.PostAsJsonAsync("/api/billing/payments", new RecordPaymentRequest(
            "cheque-1", memberId, new PaymentDetails(PaymentMethod.Cheque, ChequeNumber: "0004242", Bank: "CIC"), 5000, new DateOnly(2020, 3, 2),
            [new PaymentAllocationRequest(invoiceId, 5000)]));
        cheque.StatusCode.Should().Be(HttpStatusCode.Created, await cheque.Content.ReadAsStringAsync());
        await _app.CatchUpWithReactorsAsync(); // once; no job runs (the scheduler is off in MembershipApp)

        var order = await staff.GetFromJsonAsync<JsonElement>($"/api/membership/orders/{orderId}");
        order.GetProperty("status").GetString().Should().Be("finalised");
        order.GetProperty("paidOn").GetString().Should().Be("2020-03-02", "the date billing received the cheque");
        var log = (await _app.Get<IEventStore>().ReadAllAsync(0, 1_000_000)).Where(e => e.Metadata.TenantId == officeId).ToList();
        var settled = log.Single(e => e.Type == "billing.published-invoice-settled");
        settled.StreamId.Should().Be($"billing-account:{officeId}:{memberId}", "billing appends the fact with the allocation that settled the invoice");
        var finalised = log.Single(e => e.Type == "membership.order-finalised");
        finalised.Metadata.CausationId.Should().Be(settled.EventId, "the order was finalised by the reaction to billing's fact");
        log.Where(e => e.StreamId == $"membership-order:{orderId}").Select(e => e.Type).Should()
            .ContainInOrder("membership.order-validated", "membership.published-order-validated", "membership.order-finalised", "membership.published-order-finalised");
    }

    [Fact]
    public async Task Eight_members_validating_at_once_over_http_for_the_last_two_slots_two_succeed_six_get_a_409_and_stay_drafts()
    {
        var (staff, officeId) = await _app.NewOfficeAsync();
        await CreateSeedCampaignAsync(staff);
        (await staff.PutAsJsonIfMatchAsync($"/api/membership/campaigns/{Year}/products/bornes", Bornes with { Stock = 2 })).StatusCode.Should().Be(HttpStatusCode.OK);
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

    private sealed record ProductBody(string ProductId, string Name, string Description, long PriceTtc, VatRate VatRate, int? Stock,
        bool MandatoryForPrincipal, string[] Prerequisites);

    private static readonly ProductBody Cotisation = new("cotisation", "Cotisation annuelle", "Cotisation annuelle pour adhésion à l'association.", 5000,
        VatRate.OutOfScope("Cotisation d'association sans contrepartie"), null, true, []);

    private static readonly ProductBody Referencement = new("referencement", "Référencement d'activité", "", 58800, VatRate.Standard, null, false, []);
    private static readonly ProductBody PackPro = new("pack-pro", "Pack PRO (Affaires/Groupes)", "", 24000, VatRate.Standard, null, false, ["cotisation"]);
    private static readonly ProductBody PackLoisirs = new("pack-loisirs", "Pack tourisme de loisirs", "", 27600, VatRate.Standard, null, false, []);
    private static readonly ProductBody Bornes = new("bornes", "Régie publicitaire : Insertion sur les bornes tactiles", "6 bornes", 30000, VatRate.Standard, 6, false, ["pack-loisirs"]);

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
        var response = await client.PutAsJsonIfMatchAsync(url, body);
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
