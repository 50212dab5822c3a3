using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.BuildingBlocks.Tests.Http;

public sealed class TenantScopeTests
{
    private sealed record Caller(string TenantId, string UserId, IReadOnlyCollection<string> Roles, string? CustomerId) : ICallerContext;

    private sealed record Invoice(string Tenant, string Customer);

    private static readonly Caller Staff = new("office-a", "u1", [Roles.OfficeStaff], null);
    private static readonly Caller Customer = new("office-a", "u2", [Roles.Customer], "cust-1");

    [Fact]
    public void Same_tenant_passes_and_another_tenant_is_not_found()
    {
        Staff.EnsureSameTenant("office-a");
        var act = () => Staff.EnsureSameTenant("office-b", "The office");
        act.Should().Throw<NotFoundException>().WithMessage("The office was not found.");
    }

    [Fact]
    public void FoundFor_hides_missing_other_tenant_and_other_customer_records()
    {
        var own = new Invoice("office-a", "cust-1");
        Staff.FoundFor(own, i => i.Tenant, i => i.Customer).Should().BeSameAs(own);
        Customer.FoundFor(own, i => i.Tenant, i => i.Customer).Should().BeSameAs(own);
        Staff.FoundFor(new Invoice("office-a", "cust-2"), i => i.Tenant, i => i.Customer).Customer.Should().Be("cust-2");

        var missing = () => Staff.FoundFor<Invoice>(null, i => i.Tenant);
        var otherTenant = () => Staff.FoundFor(new Invoice("office-b", "cust-1"), i => i.Tenant);
        var otherCustomer = () => Customer.FoundFor(new Invoice("office-a", "cust-2"), i => i.Tenant, i => i.Customer);
        missing.Should().Throw<NotFoundException>();
        otherTenant.Should().Throw<NotFoundException>();
        otherCustomer.Should().Throw<NotFoundException>();
    }
}
