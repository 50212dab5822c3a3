using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.BuildingBlocks.Http.Auth;

/// <summary>Authorization policy names (use with <c>.RequireAuthorization(PlatformPolicies.OfficeStaff)</c>). Every policy also requires
/// a tenant claim.</summary>
public static class PlatformPolicies
{
    /// <summary>Office administrators only.</summary>
    public const string OfficeAdmin = Roles.OfficeAdmin;

    /// <summary>Office users who run the day-to-day: administrators and staff.</summary>
    public const string OfficeStaff = Roles.OfficeStaff;

    /// <summary>Accounting and audit: accountants and administrators.</summary>
    public const string Accountant = Roles.Accountant;

    /// <summary>Portal users (customers), who see only their own records.</summary>
    public const string Customer = Roles.Customer;

    /// <summary>Read-only office endpoints: administrators, staff and accountants.</summary>
    public const string OfficeRead = "office-read";

    /// <summary>Whoever may take a payment: administrators and staff at the desk, or the customer for their own records. Not
    /// accountants (they record and audit, they do not cash).</summary>
    public const string Payer = "payer";
    /// <summary>Entry control (ticket scans): scanners, staff and administrators.</summary>
    public const string Scanner = Roles.Scanner;

    /// <summary>Platform operations that span every office (projections, dead letters, jobs).</summary>
    public const string PlatformOperator = Roles.PlatformOperator;

    /// <summary>Read-only views of platform state an office administrator may also see (scheduled jobs).</summary>
    public const string OfficeAdminOrOperator = "office-admin-or-operator";

    public static AuthorizationBuilder AddPlatformPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(OfficeAdmin, p => Require(p, Roles.OfficeAdmin))
        .AddPolicy(OfficeStaff, p => Require(p, Roles.OfficeAdmin, Roles.OfficeStaff))
        .AddPolicy(Accountant, p => Require(p, Roles.OfficeAdmin, Roles.Accountant))
        .AddPolicy(Customer, p => Require(p, Roles.Customer).RequireClaim(PlatformClaims.CustomerId))
        .AddPolicy(Payer, p => Require(p, Roles.OfficeAdmin, Roles.OfficeStaff, Roles.Customer))
        .AddPolicy(Scanner, p => Require(p, Roles.OfficeAdmin, Roles.OfficeStaff, Roles.Scanner))
        .AddPolicy(OfficeRead, p => Require(p, Roles.OfficeAdmin, Roles.OfficeStaff, Roles.Accountant))
        .AddPolicy(PlatformOperator, p => Require(p, Roles.PlatformOperator))
        .AddPolicy(OfficeAdminOrOperator, p => Require(p, Roles.OfficeAdmin, Roles.PlatformOperator));

    private static AuthorizationPolicyBuilder Require(AuthorizationPolicyBuilder policy, params string[] roles) => policy
        .AddAuthenticationSchemes(BearerTokenDefaults.AuthenticationScheme)
        .RequireAuthenticatedUser()
        .RequireClaim(PlatformClaims.TenantId)
        .RequireRole(roles);
}
