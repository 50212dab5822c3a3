using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Membership.Campaigns;
using Monolith.Modules.Billing.Contracts.Facts;
using Monolith.Modules.Membership.Contracts;
using Monolith.Modules.Membership.Contracts.Facts;
using Monolith.Modules.Membership.Dashboard;
using Monolith.Modules.Membership.Jobs;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;
using Monolith.Modules.Membership.Orders.Finalising;
using Monolith.Modules.Membership.Portal;

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
        m.Reactor<OrderFlowReactor>();
        m.React<InvoiceSettled, FinaliseOrderOnInvoiceSettled>();
        m.Job<InformationCheckReminders>("0 0 7 * * ?");
        m.Job<OrderFlowSafetyNet>("0 0 * * * ?");
        m.Validator<CampaignEndpoints.CreateCampaignRequest, CampaignEndpoints.CreateCampaignValidator>();
        m.Validator<CampaignEndpoints.ProductRequest, CampaignEndpoints.ProductValidator>();
        m.Validator<MemberEndpoints.RegisterMemberRequest, MemberEndpoints.RegisterMemberValidator>();
        m.Validator<MemberEndpoints.ChangeOffersRequest, MemberEndpoints.ChangeOffersValidator>();
        m.Validator<PortalEndpoints.SelectProductsRequest, PortalEndpoints.SelectProductsValidator>();
        m.Validator<PortalEndpoints.BillingAddressRequest, PortalEndpoints.BillingAddressValidator>();
        m.Validator<OrderStaffEndpoints.RecordPaymentRequest, OrderStaffEndpoints.RecordPaymentValidator>();
        m.AddServices(services =>
        {
            services.AddPortalUrls(m.Configuration);
            services.AddSingleton<OrderLoader>();
            services.AddSingleton<BuildingBlocks.EventStore.Privacy.IDataSubjectFootprint, Members.MemberFootprint>();
            services.AddSingleton<OrderValidation>();
            services.AddScoped<OrderInvoicing>();
            services.AddSingleton<IMembershipDirectory, MembershipDirectory>();
        });
        m.Endpoints(CampaignEndpoints.Map, MemberEndpoints.Map, PortalEndpoints.Map, OrderStaffEndpoints.Map, DashboardEndpoints.Map);
    }
}
