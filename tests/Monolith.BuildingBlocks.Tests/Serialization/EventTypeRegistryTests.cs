using System.Text.Json.Nodes;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;

namespace Monolith.BuildingBlocks.Tests.Serialization;

public class EventTypeRegistryTests
{
    [Fact]
    public void Registered_types_are_found_by_name_and_by_type_with_their_version()
    {
        var registry = new EventTypeRegistry().Register<FeeChanged>("membership.fee-changed", version: 2);

        registry.Get("membership.fee-changed").Should().Be(registry.Get(typeof(FeeChanged)));
        registry.Get(typeof(FeeChanged)).Version.Should().Be(2);
        registry.Get(typeof(FeeChanged)).Name.Should().Be("membership.fee-changed");
    }

    [Theory]
    [InlineData("Membership.FeeChanged")]
    [InlineData("membership.fee_changed")]
    [InlineData("fee-changed")]
    [InlineData("membership.fee--changed")]
    [InlineData("membership.fee-changed.v2")]
    [InlineData("membership.-fee")]
    [InlineData("")]
    public void Wire_names_must_be_lower_case_module_dot_kebab(string name)
    {
        var act = () => new EventTypeRegistry().Register<FeeChanged>(name);

        act.Should().Throw<ArgumentException>().WithMessage("*module.kebab-name*");
    }

    [Fact]
    public void A_name_or_a_type_cannot_be_registered_twice()
    {
        var registry = new EventTypeRegistry().Register<FeeChanged>("membership.fee-changed");

        registry.Invoking(r => r.Register<MembershipRenewed>("membership.fee-changed"))
            .Should().Throw<InvalidOperationException>().WithMessage("*'membership.fee-changed' is already registered*");
        registry.Invoking(r => r.Register<FeeChanged>("membership.fee-set"))
            .Should().Throw<InvalidOperationException>().WithMessage("*FeeChanged is already registered*");
    }

    [Fact]
    public void Upcasters_must_start_below_the_current_version_and_be_unique()
    {
        var registry = new EventTypeRegistry().Register<MembershipRenewed>("membership.membership-renewed", version: 2);
        registry.Upcast("membership.membership-renewed", 1, j => j);

        registry.Invoking(r => r.Upcast("membership.membership-renewed", 1, j => j))
            .Should().Throw<InvalidOperationException>().WithMessage("*already registered*");
        registry.Invoking(r => r.Upcast("membership.membership-renewed", 2, j => j))
            .Should().Throw<InvalidOperationException>().WithMessage("*current version is v2*");
    }

    [Fact]
    public void Stored_v1_json_is_upcast_through_every_step_to_the_current_version()
    {
        var registry = RenewedV3Registry();

        var upcast = registry.UpcastToCurrent("membership.membership-renewed", 1, JsonNode.Parse("""{"id":"m-1","amount":120.5}""")!.AsObject());

        upcast.ToJsonString().Should().Be("""{"membershipId":"m-1","annualFee":120.5,"currency":"EUR"}""");
    }

    [Fact]
    public void A_missing_step_or_a_version_newer_than_the_code_is_a_clear_error()
    {
        var registry = new EventTypeRegistry().Register<MembershipRenewed>("membership.membership-renewed", version: 3);
        registry.Upcast("membership.membership-renewed", 2, j => j);

        registry.Invoking(r => r.UpcastToCurrent("membership.membership-renewed", 1, []))
            .Should().Throw<UnknownEventTypeException>().WithMessage("*No upcaster*from v1 to v2*");
        registry.Invoking(r => r.UpcastToCurrent("membership.membership-renewed", 4, []))
            .Should().Throw<UnknownEventTypeException>().WithMessage("*v4*only knows up to v3*");
    }

    [Fact]
    public void Unknown_names_and_types_are_clear_errors()
    {
        var registry = new EventTypeRegistry();

        registry.Invoking(r => r.Get("membership.nothing-like-it")).Should().Throw<UnknownEventTypeException>()
            .WithMessage("*'membership.nothing-like-it' is not registered*");
        registry.Invoking(r => r.Get(typeof(FeeChanged))).Should().Throw<UnknownEventTypeException>()
            .WithMessage("*FeeChanged is not registered*");
    }

    [Fact]
    public void Personal_data_is_found_on_positional_parameters_and_properties_with_json_names()
    {
        var registry = new EventTypeRegistry()
            .Register<MemberJoined>("membership.member-joined")
            .Register<ContactChanged>("membership.contact-changed");

        var joined = registry.Get(typeof(MemberJoined)).PersonalData;
        joined.SubjectJsonName.Should().Be("customerId");
        joined.Fields.Select(f => f.JsonName).Should().BeEquivalentTo("fullName", "email", "address", "birthDate");
        registry.Get(typeof(ContactChanged)).PersonalData.Fields.Select(f => f.JsonName).Should().Equal("phone");
        registry.Get(typeof(ContactChanged)).PersonalData.SubjectJsonName.Should().Be("subjectId");
    }

    [Fact]
    public void Personal_data_without_a_data_subject_is_refused_at_registration()
    {
        var act = () => new EventTypeRegistry().Register<WithPersonalDataButNoSubject>("membership.oops");

        act.Should().Throw<InvalidOperationException>().WithMessage("*no [DataSubject]*");
    }

    [Fact]
    public void A_module_can_only_register_names_under_its_own_prefix()
    {
        var ok = EventSerializationServiceCollectionExtensions.BuildRegistry(
            [new EventTypeRegistration("membership", r => r.Register<FeeChanged>("membership.fee-changed"))]);
        ok.Get(typeof(FeeChanged)).Name.Should().Be("membership.fee-changed");
        ok.Get(DataSubjectForgotten.WireName).ClrType.Should().Be<DataSubjectForgotten>();

        var act = () => EventSerializationServiceCollectionExtensions.BuildRegistry(
            [new EventTypeRegistration("billing", r => r.Register<FeeChanged>("membership.fee-changed"))]);
        act.Should().Throw<InvalidOperationException>().WithMessage("*'billing'*membership.fee-changed*");
    }

    [Fact]
    public void A_module_can_register_a_name_table()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var names = new Dictionary<Type, string> { [typeof(FeeChanged)] = "membership.fee-changed", [typeof(MembershipRenewed)] = "membership.membership-renewed" };
        new Monolith.BuildingBlocks.Modules.ModuleBuilder("membership", services, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()).Events(names);

        var registrations = services.Select(d => d.ImplementationInstance).OfType<EventTypeRegistration>();
        var registry = EventSerializationServiceCollectionExtensions.BuildRegistry(registrations);

        registry.Get(typeof(MembershipRenewed)).Should().Be(registry.Get("membership.membership-renewed"));
        registry.Get(typeof(FeeChanged)).Version.Should().Be(1);
    }

    internal static EventTypeRegistry RenewedV3Registry() =>
        new EventTypeRegistry()
            .Register<MembershipRenewed>("membership.membership-renewed", version: 3)
            .Upcast("membership.membership-renewed", 1, v1 =>
            {
                // v1 → v2: "id" became "membershipId".
                var id = v1["id"]!.DeepClone();
                v1.Remove("id");
                v1["membershipId"] = id;
                return v1;
            })
            .Upcast("membership.membership-renewed", 2, v2 =>
            {
                // v2 → v3: "amount" became "annualFee", and a currency appeared (always euros before).
                var amount = v2["amount"]!.DeepClone();
                v2.Remove("amount");
                v2["annualFee"] = amount;
                v2["currency"] = "EUR";
                return v2;
            });
}
