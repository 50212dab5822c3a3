using Monolith.BuildingBlocks.Modules;
using Monolith.Modules.Membership.Campaigns;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Membership.Orders;

namespace Monolith.Modules.Membership;

/// <summary>The annual membership campaign: catalogue and stock, members and their offers, the member's order on the portal, invoicing
/// through billing, finalisation on payment, the "check your published information" step and its reminders.</summary>
public sealed class MembershipModule : IModule
{
    public string Name => "membership";

    public void Configure(ModuleBuilder m)
    {
        m.Events(Campaign.EventNames);
        m.Events(Member.EventNames);
        m.Events(Order.EventNames);
    }
}
