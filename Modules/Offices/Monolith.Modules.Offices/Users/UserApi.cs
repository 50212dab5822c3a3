using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Offices.Users;

/// <summary>A staff user as answered by the users' use cases.</summary>
internal sealed record UserResponse(string UserId, string Email, string DisplayName, IReadOnlyList<string> Roles, bool Active);

/// <summary>What the staff users' use cases share: the route group and the roles a staff user may hold. Customers' portal accounts
/// are created by the selling modules (<see cref="CustomerAccounts.CustomerAccountService"/>).</summary>
internal static class UserApi
{
    public static readonly string[] StaffRoles = [Roles.OfficeAdmin, Roles.OfficeStaff, Roles.Accountant, Roles.Scanner];

    public const string StaffRoleMessage = "Role must be one of: office-admin, office-staff, accountant, scanner.";

    public static RouteGroupBuilder Group(IEndpointRouteBuilder app) => app.MapGroup("/api/office/users").WithTags("Office users");
}
