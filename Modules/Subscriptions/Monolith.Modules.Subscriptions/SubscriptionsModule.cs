using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts.Facts;
using Monolith.Modules.Subscriptions.Billing;
using Monolith.Modules.Subscriptions.Contracts;
using Monolith.Modules.Subscriptions.Contracts.Facts;
using Monolith.Modules.Subscriptions.Jobs;
using Monolith.Modules.Subscriptions.Notifications;
using Monolith.Modules.Subscriptions.Numbering;
using Monolith.Modules.Subscriptions.Offers;
using Monolith.Modules.Subscriptions.Offers.Catalogue;
using Monolith.Modules.Subscriptions.Offers.Changing;
using Monolith.Modules.Subscriptions.Offers.Defining;
using Monolith.Modules.Subscriptions.Offers.Withdrawing;
using Monolith.Modules.Subscriptions.Subscriptions;
using Monolith.Modules.Subscriptions.Subscriptions.Details;
using Monolith.Modules.Subscriptions.Subscriptions.Lists;
using Monolith.Modules.Subscriptions.Subscriptions.Paying;
using Monolith.Modules.Subscriptions.Subscriptions.Renewing;
using Monolith.Modules.Subscriptions.Subscriptions.SigningUp;
using Monolith.Modules.Subscriptions.Subscriptions.SubscriberNumbers;
using Monolith.Modules.Subscriptions.Subscriptions.Users;

namespace Monolith.Modules.Subscriptions;

/// <summary>Multi-user annual subscriptions (SPEC §2): offers, online sign-up, users and subscriber numbers, payment deadline,
/// renewal reminders and relaunches, expiry with a satisfaction questionnaire. Public query: <see cref="ISubscriberDirectory"/>.</summary>
public sealed class SubscriptionsModule : IModule
{
    public string Name => "subscriptions";

    public void Configure(ModuleBuilder m)
    {
        m.Events(Subscription.EventNames);
        m.Events(Offer.EventNames);
        m.Events(SubscriberNumbering.EventNames);
        m.Publishes(SubscriptionsFacts.All);
        m.Migrations(typeof(SubscriptionsModule).Assembly, "Monolith.Modules.Subscriptions.Sql").PortableReadModels();
        m.Templates(typeof(SubscriptionsModule).Assembly);
        m.Projection<SubscriptionsProjection>();
        m.Projection<Subscriptions.Lists.SubscriptionSearchProjection>();
        m.Reactor<SubscriptionEmailsReactor>();
        m.Reactor<SubscriptionInvoicingReactor>();
        m.React<InvoiceSettled, SettlePeriodOnInvoiceSettled>();
        m.React<Contracts.Facts.SubscriptionCancelled, CreditInvoiceOnSubscriptionCancelled>();
        m.React<SubscriptionRenewalCancelled, CreditInvoiceOnSubscriptionCancelled>("subscriptions.CreditInvoiceOnRenewalCancelled");
        m.Validator<SubscribeRequest, SubscribeRequestValidator>();
        m.Validator<PersonRequest, PersonRequestValidator>();
        m.Validator<OfferRequest, OfferRequestValidator>();
        m.Validator<PurchaseOrderRequest, PurchaseOrderRequestValidator>();
        m.AddServices(services =>
        {
            services.AddSingleton<SubscriptionStream>();
            services.AddSingleton<NewUsers>();
            services.AddSingleton<Subscribing>();
            services.AddSingleton<AddingUser>();
            services.AddSingleton<ReplacingUser>();
            services.AddSingleton<ISubscriberDirectory, SubscriberDirectory>();
            services.AddSingleton<ISubscriptionBilling, BillingServiceAdapter>();
            services.AddPortalUrls(m.Configuration);
        });
        m.Job<PaymentDeadlineJob>("0 15 6 * * ?");
        m.Job<RenewalNoticeJob>("0 0 8 * * ?");
        m.Job<ExpiryJob>("0 5 0 * * ?");
        m.Endpoints(
            DefineOfferEndpoint.Map,
            ChangeOfferEndpoint.Map,
            WithdrawOfferEndpoint.Map,
            OfferCatalogueEndpoints.Map,
            SubscribeEndpoint.Map,
            GetSubscriptionEndpoint.Map,
            SubscriptionListEndpoints.Map,
            AddUserEndpoint.Map,
            ReplaceUserEndpoint.Map,
            RemoveUserEndpoint.Map,
            RenewSubscriptionEndpoint.Map,
            RecordPurchaseOrderEndpoint.Map,
            MySubscriberNumbersEndpoint.Map,
            CheckSubscriberNumberEndpoint.Map);
    }
}
