using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts.Facts;
using Monolith.Modules.Membership.Campaigns;
using Monolith.Modules.Membership.Campaigns.Catalogue;
using Monolith.Modules.Membership.Campaigns.Closing;
using Monolith.Modules.Membership.Campaigns.Creating;
using Monolith.Modules.Membership.Campaigns.Dashboard;
using Monolith.Modules.Membership.Campaigns.Details;
using Monolith.Modules.Membership.Campaigns.Opening;
using Monolith.Modules.Membership.Contracts;
using Monolith.Modules.Membership.Contracts.Facts;
using Monolith.Modules.Membership.Jobs;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Members.ChangingOffers;
using Monolith.Modules.Membership.Members.Inviting;
using Monolith.Modules.Membership.Members.Listing;
using Monolith.Modules.Membership.Members.Registering;
using Monolith.Modules.Membership.Orders;
using Monolith.Modules.Membership.Orders.Finalising;
using Monolith.Modules.Membership.Orders.Paying;
using Monolith.Modules.Membership.Orders.Portal;
using Monolith.Modules.Membership.Orders.Staff;

namespace Monolith.Modules.Membership;

/// <summary>The annual membership campaign: catalogue and stock, members and their offers, the member's order on the portal, invoicing
/// through billing, finalisation on payment, the "check your published information" step and its reminders. See docs/modules/membership.md.</summary>
public sealed class MembershipModule : IModule
{
    public string Name => "membership";

    public void Configure(ModuleBuilder m)
    {
        m.Events(Campaign.EventNames);
        m.Events(Member.EventNames);
        m.Events(Order.EventNames);
        m.Publishes(MembershipFacts.All);
        m.Migrations(typeof(MembershipModule).Assembly, "Monolith.Modules.Membership.Sql");
        m.Templates(typeof(MembershipModule).Assembly);
        m.Projection<MembershipProjection>();
        m.Projection<Members.Listing.MemberSearchProjection>();
        m.Reactor<OrderFlowReactor>();
        m.React<InvoiceSettled, FinaliseOrderOnInvoiceSettled>();
        m.Job<InformationCheckReminders>("0 0 7 * * ?");
        m.Job<OrderFlowSafetyNet>("0 0 * * * ?");
        m.Validator<CreateCampaignRequest, CreateCampaignValidator>();
        m.Validator<ProductRequest, ProductValidator>();
        m.Validator<RegisterMemberRequest, RegisterMemberValidator>();
        m.Validator<ChangeOffersRequest, ChangeOffersValidator>();
        m.Validator<SelectProductsRequest, SelectProductsValidator>();
        m.Validator<BillingAddressRequest, BillingAddressValidator>();
        m.Validator<RecordPaymentRequest, RecordPaymentValidator>();
        m.Validator<PaymentMethodRequest, PaymentMethodRequestValidator>();
        m.AddServices(services =>
        {
            services.AddPortalUrls(m.Configuration);
            services.AddSingleton<OrderLoader>();
            services.AddSingleton<BuildingBlocks.EventStore.Privacy.IDataSubjectFootprint, Members.MemberFootprint>();
            services.AddSingleton<OrderValidation>();
            services.AddScoped<OrderInvoicing>();
            services.AddSingleton<IMembershipDirectory, MembershipDirectory>();
        });
        m.Endpoints(
            CreateCampaignEndpoint.Map,
            GetCampaignEndpoint.Map,
            AddProductEndpoint.Map,
            ChangeProductEndpoint.Map,
            OpenCampaignEndpoint.Map,
            CloseCampaignEndpoint.Map,
            CampaignDashboardEndpoint.Map,
            MemberCatalogueEndpoint.Map,
            RegisterMemberEndpoint.Map,
            MemberListEndpoints.Map,
            ChangeOffersEndpoint.Map,
            InviteMemberEndpoint.Map,
            StartOrderEndpoint.Map,
            MyOrdersEndpoints.Map,
            SelectProductsEndpoint.Map,
            ChoosePaymentMethodEndpoint.Map,
            SetBillingAddressEndpoint.Map,
            AcceptTermsEndpoint.Map,
            ValidateOrderEndpoint.Map,
            ConfirmInformationEndpoint.Map,
            OrderListEndpoints.Map,
            RecordOrderPaymentEndpoint.Map);
    }
}
