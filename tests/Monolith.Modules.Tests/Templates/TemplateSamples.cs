using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Templates;
using Monolith.Modules.Billing;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Dunning;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Bookings;
using Monolith.Modules.Bookings.GroupBookings;
using Monolith.Modules.Membership;
using Monolith.Modules.Membership.Orders;
using Monolith.Modules.Offices.Contracts;
using Monolith.Modules.Subscriptions;
using Monolith.Modules.Ticketing;

namespace Monolith.Modules.Tests.Templates;

/// <summary>One sample model (or more, one per branch worth seeing) for every template the modules embed, built with the types the
/// modules really pass. Every template a module registers must have a sample here: <c>TemplateSampleTests</c> renders them all.
/// Texts carry the characters HTML escaping must handle (<c>&lt; &gt; &amp; " '</c>).</summary>
internal static class TemplateSamples
{
    public sealed record Sample(string Template, string Case, object Model)
    {
        public string FileName => $"{Template}.{Case}";

        public override string ToString() => FileName;
    }

    /// <summary>A service provider with every module's templates registered under the module's name, as the host does.</summary>
    public static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();
        new ModuleBuilder("billing", services, configuration).Templates(typeof(BillingModule).Assembly);
        new ModuleBuilder("membership", services, configuration).Templates(typeof(MembershipModule).Assembly);
        new ModuleBuilder("subscriptions", services, configuration).Templates(typeof(SubscriptionsModule).Assembly);
        new ModuleBuilder("bookings", services, configuration).Templates(typeof(BookingsModule).Assembly);
        new ModuleBuilder("ticketing", services, configuration).Templates(typeof(TicketingModule).Assembly);
        services.AddTemplates();
        return services.BuildServiceProvider();
    }

    public static IEnumerable<object[]> Cases() => All.Select(s => new object[] { s });

    public static IReadOnlyList<Sample> All => [.. Billing(), .. Membership(), .. Subscriptions(), .. Bookings(), .. Ticketing()];

    private static readonly PostalAddress SellerAddress = new("2 quai de l'Herbe", "33510", "Andernos-les-Bains");

    private static readonly LegalIdentity Seller = new(
        "Office de Tourisme \"Cœur du Bassin\" & Co", "EPIC", "123456789", "12345678900012", "FR12123456789",
        SellerAddress, "contact@ot.example", "05 56 00 00 00", new BankDetails("OT Cœur du Bassin", "FR7630006000011234567890189", "AGRIFRPP"),
        "FR12ZZZ123456", "15 000 €", "Bordeaux");

    private static readonly LegalIdentity SellerWithoutBank = Seller with { Bank = null, ShareCapital = null, Siret = null, RegistrationCity = null, VatNumber = null };

    private static readonly BillingCustomer Business = new(
        "c-1", CustomerKind.Business, "L'Écume <SARL>", new BillingAddress("1 rue des Pins", "33120", "Arcachon"), "compta@ecume.example",
        "FR99999999999", "999999999");

    private static readonly BillingCustomer Consumer = new(
        "c-2", CustomerKind.Consumer, "Zoé Dupont", new BillingAddress("5 allée des Mimosas", "33000", "Bordeaux"), "zoe@example.org");

    private static readonly IReadOnlyList<DocumentLineModel> Lines =
    [
        new("Cotisation 2027 \"Partenaire\"", 1, "150,00 €", "180,00 €", "20 %", "12/01/2027", "150,00 €", "180,00 €"),
        new("Visite guidée <groupe>", 12, "9,09 €", "10,00 €", "10 %", null, "109,09 €", "120,00 €"),
        new("Taxe de séjour", 3, "1,00 €", "1,00 €", "Hors champ de TVA", null, "3,00 €", "3,00 €"),
    ];

    private static readonly IReadOnlyList<VatLineModel> VatLines =
    [
        new("20 %", null, "150,00 €", "30,00 €", "180,00 €"),
        new("10 %", null, "109,09 €", "10,91 €", "120,00 €"),
        new("Hors champ de TVA", "Taxe collectée pour la commune", "3,00 €", "0,00 €", "3,00 €"),
    ];

    private static DocumentModel Invoice(BillingCustomer customer, LegalIdentity seller, string? balance) => new(
        "Facture", "FA-2027-00042", "15/01/2027", seller, customer, customer.Kind == CustomerKind.Business, Lines, VatLines,
        "262,09 €", "40,91 €", "303,00 €", "14/02/2027", "30 jours après la date de facture",
        "En cas de retard de paiement, pénalités au taux de 3 fois le taux d'intérêt légal.",
        "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €.", null, null, null, balance);

    private static IEnumerable<Sample> Billing()
    {
        yield return new("billing.invoice", "business", Invoice(Business, Seller, "103,00 €"));
        yield return new("billing.invoice", "consumer", Invoice(Consumer, SellerWithoutBank, null));
        yield return new("billing.invoice-email", "business", Invoice(Business, Seller, "103,00 €"));
        yield return new("billing.invoice-email", "consumer", Invoice(Consumer, SellerWithoutBank, null) with { DueDate = null });
        yield return new("billing.credit-note", "refund", new DocumentModel(
            "Avoir", "AV-2027-00003", "20/01/2027", Seller, Business, true, Lines, VatLines, "262,09 €", "40,91 €", "303,00 €",
            null, null, null, null, "Avoir sur la facture n° FA-2027-00042 du 15/01/2027", "Annulation \"groupe\" <météo>",
            "Montant utilisable en crédit jusqu'au 20/01/2028.", null));
        yield return new("billing.quote", "with-deposit", Commercial("Devis", Business, Seller) with
        {
            ValidUntil = "14/02/2027",
            Deposit = "90,90 €",
            RemainingAfterDeposit = "212,10 €",
            Signature = true,
            Notes = "Tarif groupe \"scolaire\" & accompagnateurs gratuits",
        });
        yield return new("billing.quote", "plain", Commercial("Devis", Consumer, SellerWithoutBank) with { Label = null });
        yield return new("billing.order-form", "business", Commercial("Bon de commande", Business, Seller) with
        {
            RelatedReference = "Devis DV-2027-0007",
            Signature = true,
        });
        yield return new("billing.delivery-note", "business", Commercial("Bon de livraison", Business, Seller) with
        {
            DeliveryDate = "03/02/2027",
            RelatedReference = "Bon de commande BC-2027-0002",
        });
        yield return new("billing.reminder", "first", new DunningJob.ReminderModel(
            1, "FA-2027-00042", "15/01/2027", "14/02/2027", "103,00 €", "L'Écume <SARL>", "Office de Tourisme \"Cœur du Bassin\" & Co",
            "En cas de retard de paiement, pénalités au taux de 3 fois le taux d'intérêt légal."));
        yield return new("billing.closure-email", "day", new Modules.Billing.Closures.ClosureRunner.ClosureMailModel(
            "journée du 14/01/2027", "1 303,00 €", "48 912,40 €", 4217));
        yield return new("billing.invoice", "third-party", Invoice(Consumer, Seller, null) with
        {
            ThirdPartyLines =
            [
                new("Billet « Polyphonies » <plein tarif>", 2, "25,00 €", "25,00 €", "Hors champ de TVA", "14/07/2027", "50,00 €", "50,00 €",
                    "Encaissé pour le compte de Voce di Zonza \"Association\" (SIREN 552081317)"),
            ],
            ThirdPartyTotal = "50,00 €",
            AmountDue = "353,00 €",
        });
        yield return new("billing.invoice-email", "third-party", Invoice(Consumer, Seller, null) with { ThirdPartyTotal = "50,00 €", AmountDue = "353,00 €" });
        yield return new("billing.third-party-statement", "month", new Modules.Billing.ThirdParty.ThirdPartyStatementModel(
            "Relevé de reversement", Seller, "Voce di Zonza \"Association\" & Co", "552081317", "organiser-voce-di-zonza", "01/07/2027", "31/07/2027",
            "02/08/2027", "0,00 €", "75,00 €", "25,00 €", "30,00 €", "20,00 €",
            [
                new("14/07/2027", "Facture", "2027/00042", "Billet « Polyphonies » <plein tarif>", 3, "75,00 €"),
                new("15/07/2027", "Avoir", "2027/00003", "Remboursement — « Polyphonies » annulé", 1, "-25,00 €"),
                new("31/07/2027", "Reversement", "VIR-2027-07", "Reversement à Voce di Zonza", 1, "-30,00 €"),
            ]));
    }

    private static CommercialDocumentModel Commercial(string title, BillingCustomer customer, LegalIdentity seller) => new(
        title, "DV-2027-0007", "10/01/2027", seller, customer, customer.Kind == CustomerKind.Business, Lines, VatLines,
        "262,09 €", "40,91 €", "303,00 €", "Séjour groupe du 12 au 14 juin", null, null, null, false, null, null, null,
        "dossier-7", "Document non comptable : ce n'est <b>pas</b> une facture.");

    private static readonly OrderEmailModel Order = new(
        "Office de Tourisme \"Cœur du Bassin\"", "Régie OT Cœur du Bassin", "2 quai de l'Herbe, 33510 Andernos-les-Bains",
        "FR7630006000011234567890189", "AGRIFRPP", "L'Écume <SARL>", "Adhésions 2027", 2027, "CMD-2027-0012",
        new DateTimeOffset(2026, 12, 18, 23, 30, 0, TimeSpan.Zero), "Chèque", true, false, false, null, "FA-2027-00042",
        new OrderAddress("L'Écume & fils", "1 rue des Pins", "33120", "Arcachon"),
        [
            new("Hébergement \"Camping\"", true, [new("Fiche web", 12000, 2000, "20 %"), new("Page guide <papier>", 24000, 4000, "20 %")], 36000, 6000),
            new("Restauration", false, [new("Fiche web", 6000, 1000, "20 %")], 6000, 1000),
        ],
        3, 4200000, 7000, new DateOnly(2027, 3, 1), null, "https://portail.example/adhesion/commandes/o-1?x=1&y=2");

    private static IEnumerable<Sample> Membership()
    {
        yield return new("membership.order-confirmation", "cheque", Order);
        yield return new("membership.order-confirmation", "transfer", Order with
        {
            PaymentMethod = "Virement",
            ByCheque = false,
            ByTransfer = true,
            InvoiceNumber = null,
            OfficeAddress = null,
        });
        yield return new("membership.order-confirmation", "card", Order with
        {
            PaymentMethod = "Carte bancaire",
            ByCheque = false,
            ByCard = true,
            CardPaymentUrl = "https://pay.example/p?o=1&t=\"x\"",
            Iban = null,
        });
        yield return new("membership.order-form", "validated", Order);
        yield return new("membership.order-form", "draft", Order with { ValidatedAt = null, BillingAddress = null, InvoiceNumber = null });
        yield return new("membership.information-check", "paid", Order);
        yield return new("membership.information-reminder", "second", Order with { ReminderStep = 2 });
        yield return new("membership.member-invitation", "invited", new
        {
            OfficeName = "Office de Tourisme \"Cœur du Bassin\"",
            CompanyName = "L'Écume <SARL>",
            LoginEmail = "contact@ecume.example",
            Link = "https://portail.example/invitation?office=ot-1&token=a%2Bb&x=<y>",
            InvitationExpiresAt = new DateTimeOffset(2027, 7, 14, 20, 5, 0, TimeSpan.Zero),
        });
    }

    private static object SubscriptionModel(object? extra, string? questionnaireUrl = "https://enquete.example/q?s=1&t=2", string? link = null) => new
    {
        office = "Office de Tourisme \"Cœur du Bassin\"",
        name = "Zoé <Dupont>",
        organisation = "Comité d'entreprise Airbus & Co",
        offer = "Pass \"Formations\" 2027",
        maxUsers = 5,
        start = (DateOnly?)new DateOnly(2027, 1, 15),
        end = (DateOnly?)new DateOnly(2028, 1, 14),
        paymentDueBy = (DateOnly?)new DateOnly(2027, 2, 14),
        priceTtc = (long?)45000,
        manager = "Jean L'Hermite",
        users = new[] { new { name = "Zoé <Dupont>", subscriberNumber = "AB-0001" }, new { name = "Léo & Cie", subscriberNumber = "AB-0002" } }.ToList(),
        invitationLink = link,
        questionnaireUrl,
        portalUrl = "https://portail.example",
        extra,
    };

    private static IEnumerable<Sample> Subscriptions()
    {
        const string Link = "https://portail.example/invitation?office=ot-1&token=a%2Bb";
        yield return new("subscriptions.activated", "manager", SubscriptionModel(null, link: Link));
        yield return new("subscriptions.welcome-user", "user", SubscriptionModel(new { subscriberNumber = "AB-0002", from = new DateOnly(2027, 3, 1) }, link: Link));
        yield return new("subscriptions.renewal-reminder", "manager", SubscriptionModel(new { periodEnd = new DateOnly(2028, 1, 14), isManager = true }));
        yield return new("subscriptions.renewal-reminder", "user", SubscriptionModel(new { periodEnd = new DateOnly(2028, 1, 14), isManager = false }));
        yield return new("subscriptions.renewal-relaunch", "second", SubscriptionModel(new { periodEnd = new DateOnly(2028, 1, 14), relaunch = 2, maxRelaunches = 3 }));
        yield return new("subscriptions.renewed", "manager", SubscriptionModel(new
        {
            start = new DateOnly(2028, 1, 15),
            end = new DateOnly(2029, 1, 14),
            paymentDueBy = new DateOnly(2028, 2, 14),
            priceTtc = 46000L,
        }));
        yield return new("subscriptions.cancelled", "manager", SubscriptionModel(new { on = new DateOnly(2027, 2, 15) }));
        yield return new("subscriptions.renewal-cancelled", "manager", SubscriptionModel(new { on = new DateOnly(2028, 2, 15), endDate = new DateOnly(2028, 1, 14) }));
        yield return new("subscriptions.questionnaire", "with-url", SubscriptionModel(new { endDate = new DateOnly(2028, 1, 14) }));
        yield return new("subscriptions.questionnaire", "without-url", SubscriptionModel(new { endDate = new DateOnly(2028, 1, 14) }, questionnaireUrl: null));
    }

    private static BookingMailModel BookingModel(object extra, bool balanceOnArrival = false) => new(
        "Office de Tourisme \"Cœur du Bassin\"", "Collège <Jean Moulin> & Co", "DEV-ABC123", "Journée \"Alta Rocca\"", new DateOnly(2026, 6, 20),
        new DateOnly(2026, 6, 21), new DateOnly(2026, 6, 3), 108_500, 28_025, 25, new DateOnly(2026, 5, 10), new DateOnly(2026, 6, 13), balanceOnArrival, extra);

    private static object Cancellation(long fee, long fileFees, long refund, long owed, long credit, bool exceptional, bool kept, long feeInvoiced = 0) => new
    {
        FeeInvoiced = feeInvoiced,
        FeeInvoiceNumber = feeInvoiced > 0 ? "FA-2026-000123" : null,
        ReceivedOn = new DateOnly(2026, 6, 15),
        DaysBefore = 5,
        Percent = 50,
        Fee = fee,
        RetainedFileFees = fileFees,
        Refund = refund,
        StillOwed = owed,
        CreditNote = credit,
        CreditNoteExpiresOn = credit > 0 ? (DateOnly?)new DateOnly(2027, 5, 5) : null,
        exceptional,
        hasCreditNote = credit > 0,
        kept,
        free = exceptional,
    };

    private static IEnumerable<Sample> Bookings()
    {
        var services = new[] { new { Label = "Visite <guidée>", Date = new DateOnly(2026, 6, 20), Duration = (string?)"2 h" } }.ToList();
        yield return new("bookings.quote-email", "quote", BookingModel(new { }));
        yield return new("bookings.gift-voucher", "stay", new Monolith.Modules.Bookings.GiftVouchers.GiftVoucherDocument(
            "Office de Tourisme \"Cœur du Bassin\"", "KDO-AB12", "Zoé <Dupont>", "Léo & Cie", "Deux nuits en gîte \"U Pinu\"", 32_000, new DateOnly(2026, 5, 4),
            new DateOnly(2027, 5, 3)));
        yield return new("bookings.quote-reminder", "quote", BookingModel(new { }));
        yield return new("bookings.contract-email", "after-final-count", BookingModel(new { }));
        yield return new("bookings.contract-email", "on-arrival", BookingModel(new { }, balanceOnArrival: true));
        yield return new("bookings.participant-reminder", "final", BookingModel(new { final = true, deadline = (DateOnly?)new DateOnly(2026, 6, 13), tolerance = 10 }));
        yield return new("bookings.participant-reminder", "intermediate", BookingModel(new { final = false, deadline = (DateOnly?)new DateOnly(2026, 6, 6), tolerance = 10 }));
        yield return new("bookings.vouchers-email", "two", BookingModel(new { count = 2 }));
        yield return new("bookings.exchange-voucher", "restaurant", BookingModel(new
        {
            number = "BE-ABC123-2",
            provider = "Restaurant \"U Funtanonu\" & fils",
            people = 32,
            adults = 30,
            children = 2,
            lateMinutes = 30,
            services,
        }));
        yield return new("bookings.cancellation", "schedule", BookingModel(Cancellation(53_650, 1200, 0, 26_825, 0, false, false)));
        yield return new("bookings.cancellation", "fee-invoice", BookingModel(Cancellation(53_650, 1200, 0, 26_825, 0, false, false, feeInvoiced: 26_825)));
        yield return new("bookings.cancellation", "credit-note", BookingModel(Cancellation(0, 0, 0, 0, 32_190, false, false)));
        yield return new("bookings.cancellation", "deposit-kept", BookingModel(Cancellation(32_190, 0, 0, 0, 0, false, true)));
        yield return new("bookings.cancellation", "exceptional", BookingModel(Cancellation(0, 0, 28_025, 0, 0, true, false)));
        yield return new("bookings.credit-note", "deposit", BookingModel(new
        {
            reference = "AV-ABC123-AVOIR",
            amount = 32_190L,
            expiresOn = (DateOnly?)new DateOnly(2027, 5, 5),
            paidOn = (DateOnly?)new DateOnly(2026, 5, 5),
            issuedOn = new DateOnly(2026, 5, 19),
        }));
        yield return new("bookings.office-cancellation", "too-few", BookingModel(new
        {
            reason = "le nombre de participants inscrits est inférieur au minimum prévu",
            Explanation = (string?)"Seulement 6 inscrits <sur 10>.",
            Refund = 28_025L,
            Paid = 28_025L,
        }));
        yield return new("bookings.price-revision", "above-threshold", BookingModel(new
        {
            OldTotal = 108_500L,
            NewTotal = 118_000L,
            Amount = 9_500L,
            Calculation = "Carburant +12 % × 790 € & taxes",
            CustomerMayCancelFree = true,
            threshold = 8,
        }));
        var paid = new Monolith.Modules.Bookings.Bundles.BundlePaidModel("Office de Tourisme \"Cœur du Bassin\"", "Autocars <Marne> & fils", "ABO-AB12", "Saison \"2026\"",
            "2026/00042", 4200, new DateOnly(2026, 6, 1), 2, [new("Visite <guidée>", 3, 700, 2100), new("Bateau & goûter", 2, 1050, 2100)]);
        yield return new("bookings.bundle-paid-email", "deferred", paid);
        yield return new("bookings.bundle-paid-invoice", "deferred", paid);
        yield return new("bookings.amendment-email", "first", BookingModel(new { number = 1, Description = "Le déjeuner <corse> remplace la visite" }));
        yield return new("bookings.amendment", "first", BookingModel(new
        {
            number = 1,
            Description = "Le déjeuner <corse> remplace la visite",
            NotifiedOn = new DateOnly(2026, 6, 10),
            services = new[] { new { Label = "Déjeuner & dessert", Date = new DateOnly(2026, 6, 20), Duration = (string?)null, UnitPriceTtc = 2500L, PerPerson = true, Quantity = 0, ProviderName = (string?)"U Funtanonu" } }.ToList(),
        }));
    }

    /// <summary>The shapes <c>TicketDocument.ModelAsync</c> and <c>SendTicketsOnIssued</c> pass (anonymous objects there too).</summary>
    private static object TicketModel(string? seat, string? proof, string? holder, string? endsDate) => new
    {
        show = "Concert \"Voix de l'Alta Rocca\" & <invités>",
        sessionDate = "samedi 17 juillet 2027 à 21h00",
        endsDate,
        number = "42",
        priceCategory = "orchestre.reduit",
        category = "Orchestre",
        seat,
        rate = "Tarif réduit",
        price = "18,00 €",
        vatRate = "5,5 %",
        proof,
        holder,
        organiser = "Festival <Voix> & Co",
        @operator = "Office de Tourisme \"Cœur du Bassin\" & Co, SIREN 123456789",
        qrDataUri = "data:image/png;base64,iVBORw0KGgo=",
        orderReference = "AB12CD34",
    };

    private static IEnumerable<Sample> Ticketing()
    {
        yield return new("ticketing.postponement-email", "weather", Monolith.Modules.Ticketing.Orders.Postponing.PostponementEmail.Model(
            "Zoé <Dupont>", "Office de Tourisme \"Cœur du Bassin\" & Co", "Kayak \"Calanques\" & <pique-nique>", "vent > 60 km/h",
            new DateTime(2027, 7, 17, 9, 0, 0), new DateTime(2027, 7, 24, 9, 0, 0), new DateOnly(2027, 7, 31), 3, 10_500, "AB12CD34"));
        yield return new("ticketing.ticket", "numbered-nominative", TicketModel("B12", "Carte étudiant <en cours>", "Zoé \"Dupont\"", null));
        yield return new("ticketing.ticket", "free-placement-period", TicketModel(null, null, null, "dimanche 31 août 2027"));
        yield return new("ticketing.tickets-email", "two", new
        {
            name = "Zoé <Dupont>",
            office = "Office de Tourisme \"Cœur du Bassin\" & Co",
            show = "Concert \"Voix\" & <invités>",
            count = 2,
            separated = true,
            tickets = new[]
            {
                new { number = 41L, show = "Concert \"Voix\" & <invités>", sessionDate = "samedi 17 juillet 2027 à 21h00", category = "Orchestre", seat = (string?)"B11", rate = "Plein tarif", price = "25,00 €" },
                new { number = 42L, show = "Concert \"Voix\" & <invités>", sessionDate = "samedi 17 juillet 2027 à 21h00", category = "Orchestre", seat = (string?)null, rate = "Tarif réduit", price = "18,00 €" },
            },
        });
    }
}
