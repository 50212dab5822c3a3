namespace Monolith.BuildingBlocks.Tenancy;

/// <summary>Roles a user can hold in an office (tenant).</summary>
public static class Roles
{
    public const string OfficeAdmin = "office-admin";
    public const string OfficeStaff = "office-staff";
    public const string Accountant = "accountant";
    public const string Customer = "customer";

    /// <summary>Entry control at an event's gates (ticketing): scans tickets, nothing else.</summary>
    public const string Scanner = "scanner";

    /// <summary>Runs the platform itself (projections, dead letters, scheduled jobs across all offices). Never granted through the
    /// office API: the administrator created by the first start holds it.</summary>
    public const string PlatformOperator = "platform-operator";

    public static readonly IReadOnlyList<string> All = [OfficeAdmin, OfficeStaff, Accountant, Customer, Scanner, PlatformOperator];
}

/// <summary>Who is calling: their tenant, user id and roles. Every command and query is scoped by it.</summary>
public interface ICallerContext
{
    string TenantId { get; }
    string UserId { get; }
    IReadOnlyCollection<string> Roles { get; }

    /// <summary>For a customer (portal) user: the id of the customer record they may see; null for office users.</summary>
    string? CustomerId { get; }

    bool IsInRole(string role) => Roles.Contains(role);
}
