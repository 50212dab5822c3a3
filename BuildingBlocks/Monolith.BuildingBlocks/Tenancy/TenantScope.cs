using Monolith.BuildingBlocks.Deciders;

namespace Monolith.BuildingBlocks.Tenancy;

/// <summary>Keeps every read and write inside the caller's tenant: another tenant's resource is "not found" (404), never forbidden,
/// so its existence does not leak.</summary>
public static class TenantScope
{
    /// <summary>Throws <see cref="NotFoundException"/> unless the resource belongs to the caller's tenant.</summary>
    public static void EnsureSameTenant(this ICallerContext caller, string resourceTenantId, string resourceDescription = "The resource")
    {
        if (!string.Equals(caller.TenantId, resourceTenantId, StringComparison.Ordinal))
        {
            throw new NotFoundException($"{resourceDescription} was not found.");
        }
    }

    /// <summary>Returns the resource when it exists and belongs to the caller's tenant (and, for a portal customer, to that customer);
    /// otherwise throws <see cref="NotFoundException"/>.</summary>
    public static T FoundFor<T>(
        this ICallerContext caller,
        T? resource,
        Func<T, string> tenantOf,
        Func<T, string?>? customerOf = null,
        string resourceDescription = "The resource")
        where T : class
    {
        if (resource is null
            || !string.Equals(caller.TenantId, tenantOf(resource), StringComparison.Ordinal)
            || (customerOf is not null && caller.IsInRole(Roles.Customer)
                && (caller.CustomerId is null || !string.Equals(caller.CustomerId, customerOf(resource), StringComparison.Ordinal))))
        {
            throw new NotFoundException($"{resourceDescription} was not found.");
        }

        return resource;
    }
}
