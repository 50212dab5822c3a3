using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Facts;
using Monolith.BuildingBlocks.Modules;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Contracts.Facts;

namespace Monolith.Architecture.Tests;

/// <summary>Modules meet through published facts and their own tables. Each rule is first shown to catch a violation planted here
/// (a fixture module), then run on every module project of the solution.</summary>
public class PublishedFactBoundaryTests
{
    private static readonly IReadOnlyList<ModuleUnderTest> Modules = ModuleCatalog.SolutionModules();
    private static readonly IReadOnlySet<string> Facts = ModuleCatalog.ContractFacts();
    private static readonly IReadOnlyList<string> KnownNames = [.. Modules.SelectMany(m => m.WireNames).Distinct()];

    public static TheoryData<string> ModuleNames()
    {
        var data = new TheoryData<string>();
        foreach (var m in Modules)
        {
            data.Add(m.Name);
        }

        return data;
    }

    [Fact]
    public void Every_module_project_of_the_solution_is_found_and_loaded_not_only_those_the_host_references()
    {
        Modules.Select(m => m.Name).Should().Contain(["offices", "billing", "membership", "subscriptions"]);
        Modules.Should().HaveCount(ModuleCatalog.SolutionModuleProjects().Count);
    }

    [Fact]
    public void Planted_a_module_project_listed_in_the_solution_but_never_built_is_reported_missing()
    {
        var sln = """
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Monolith.Modules.Billing", "Modules\Billing\Monolith.Modules.Billing\Monolith.Modules.Billing.csproj", "{2AD28F52-D672-49A2-9D06-DD0F14DCB04D}"
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Monolith.Modules.Ghost", "Modules\Ghost\Monolith.Modules.Ghost\Monolith.Modules.Ghost.csproj", "{00000000-0000-0000-0000-000000000001}"
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Monolith.Modules.Ghost.Contracts", "Modules\Ghost\Monolith.Modules.Ghost.Contracts\Monolith.Modules.Ghost.Contracts.csproj", "{00000000-0000-0000-0000-000000000002}"
            """;

        var projects = ModuleCatalog.ModuleProjectsIn(sln, ModuleCatalog.RepoRoot);
        var (loaded, missing) = ModuleCatalog.Load(projects);

        projects.Should().HaveCount(2, "Contracts projects are not modules");
        loaded.Should().ContainSingle().Which.Assembly.GetName().Name.Should().Be("Monolith.Modules.Billing");
        missing.Should().ContainSingle().Which.Should().StartWith("Monolith.Modules.Ghost");
    }

    [Fact]
    public void Planted_a_reactor_on_another_modules_internal_event_and_a_reaction_to_a_fact_outside_contracts_are_caught()
    {
        var planted = ModuleCatalog.Describe(new PlantedModule(), ModuleCatalog.RepoRoot);

        var violations = ModuleCatalog.HandlerViolations(planted, KnownNames, Facts);

        violations.Should().HaveCount(3);
        violations.Should().Contain(v => v.Contains("WatchesBillingAllocations", StringComparison.Ordinal) && v.Contains("'billing.payment-allocated'", StringComparison.Ordinal));
        violations.Should().Contain(v => v.Contains("ProjectsMembershipOrders", StringComparison.Ordinal) && v.Contains("'membership.order-finalised'", StringComparison.Ordinal));
        violations.Should().Contain(v => v.Contains("reacts to a fact that no Contracts project declares", StringComparison.Ordinal));
        violations.Should().NotContain(v => v.Contains("LegitimateReaction", StringComparison.Ordinal), "a Contracts fact may be handled");
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_module_reactor_or_projection_handles_only_its_own_wire_names_and_published_facts(string module)
    {
        ModuleCatalog.HandlerViolations(Modules.Single(m => m.Name == module), KnownNames, Facts).Should().BeEmpty();
    }

    [Fact]
    public void Planted_sql_on_another_modules_or_the_platforms_tables_is_caught()
    {
        var fixture = """
            const string Sql = "SELECT o.order_id FROM membership_orders o JOIN billing_invoices i ON i.invoice_id = o.invoice_id";
            await connection.ExecuteAsync("UPDATE platform_events SET data = '' WHERE position = 1");
            CREATE INDEX IF NOT EXISTS ix_x ON subscriptions_periods (office_id);
            """;

        ModuleCatalog.TablesIn(fixture).Should().Equal("membership_orders", "billing_invoices", "platform_events", "subscriptions_periods");
        ModuleCatalog.SqlViolations("membership", [("Fixture.cs", fixture)]).Should().HaveCount(3)
            .And.Contain(v => v.Contains("'billing_invoices'", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("'platform_events'", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("'subscriptions_periods'", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_modules_sql_touches_only_its_own_tables(string module)
    {
        var m = Modules.Single(x => x.Name == module);
        var sources = ModuleCatalog.SourcesOf(m.ProjectFolder).ToList();
        if (Directory.Exists(Path.Combine(m.ProjectFolder, "Sql")))
        {
            // A module with read models (e.g. not compliance, which keeps files and events only): the scan must find its tables.
            sources.SelectMany(s => ModuleCatalog.TablesIn(s.Text)).Should().NotBeEmpty("the scan finds the module's own tables");
        }

        ModuleCatalog.SqlViolations(m.Name, sources).Should().BeEmpty();
    }

    [Fact]
    public void Every_published_fact_lives_in_a_contracts_project_with_a_published_wire_name_of_its_module()
    {
        Facts.Should().Contain([InvoiceSettled.WireName, "membership.published-order-finalised", "subscriptions.published-subscription-cancelled"]);
        foreach (var module in Modules)
        {
            module.WireNames.Where(PublishedFacts.IsPublishedName).Where(n => !Facts.Contains(n)).Should().BeEmpty(
                $"{module.Name} registers published names only for facts of a Contracts project (a module may publish none)");
        }
    }

    // The planted fixture: a module doing what the rules forbid.
    private sealed class PlantedModule : IModule
    {
        public string Name => "planted";

        public void Configure(ModuleBuilder m)
        {
            m.Reactor<WatchesBillingAllocations>();
            m.Projection<ProjectsMembershipOrders>();
            m.React<PlantedFact, ReactsToAFactOutsideContracts>();
            m.React<InvoiceSettled, LegitimateReaction>();
        }
    }

    private sealed class WatchesBillingAllocations : IReactor
    {
        public string Name => "planted.watch";

        public bool Handles(string eventType) => eventType == "billing.payment-allocated";

        public Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class ProjectsMembershipOrders : IProjection
    {
        public string Name => "planted.orders";

        public bool Handles(string eventType) => eventType is "membership.order-finalised" or "planted.order-noted";

        public Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct) => Task.CompletedTask;

        public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) => Task.CompletedTask;
    }

    public sealed record PlantedFact : IIntegrationEvent
    {
        public const string WireName = "planted.published-thing-happened";
    }

    private sealed class ReactsToAFactOutsideContracts : IReactTo<PlantedFact>
    {
        public Task ReactAsync(PlantedFact fact, FactContext context, CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class LegitimateReaction : IReactTo<InvoiceSettled>
    {
        public Task ReactAsync(InvoiceSettled fact, FactContext context, CancellationToken ct) => Task.CompletedTask;
    }
}
