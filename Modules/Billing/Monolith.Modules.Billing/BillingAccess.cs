using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Billing;

/// <summary>Who sees what, and the route groups of the billing API.</summary>
internal static class BillingAccess
{
    /// <summary>The staff and customer API, <c>/api/billing</c>.</summary>
    public static RouteGroupBuilder Api(IEndpointRouteBuilder app) => app.MapGroup("/api/billing").WithTags("Billing");

    /// <summary>Office users (admin, staff, accountant) see every customer of their office; a portal customer only their own records
    /// (anything else is "not found", never the data).</summary>
    public static void RequireOwnRecord(ICallerContext caller, string customerId)
    {
        var officeUser = caller.IsInRole(Roles.OfficeAdmin) || caller.IsInRole(Roles.OfficeStaff) || caller.IsInRole(Roles.Accountant);
        if (!officeUser && !(caller.IsInRole(Roles.Customer) && caller.CustomerId == customerId))
        {
            throw new NotFoundException("Not found.");
        }
    }
}
