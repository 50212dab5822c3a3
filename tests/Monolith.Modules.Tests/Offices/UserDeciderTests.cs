using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Offices.Users;
using Monolith.Testing;

namespace Monolith.Modules.Tests.Offices;

public class UserDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly UserRegistered Registered = new("u1", "anne@ot.fr", "Anne", ["office-staff"], null, At);

    [Fact]
    public void Registering_a_user_records_trimmed_details() =>
        DeciderSpec.For(User.Decider)
            .When(new RegisterUser("u1", " anne@ot.fr ", " Anne ", ["office-staff", "office-staff"], null, At))
            .Then(Registered);

    [Fact]
    public void A_user_needs_a_role() =>
        DeciderSpec.For(User.Decider)
            .When(new RegisterUser("u1", "anne@ot.fr", "Anne", [], null, At))
            .ThenThrows<DomainRuleViolation>("user.role-required");

    [Fact]
    public void Deactivating_twice_is_already_done() =>
        DeciderSpec.For(User.Decider).Given(Registered, new UserDeactivated("u1", At))
            .When(new DeactivateUser(At.AddHours(1)))
            .Then();

    [Fact]
    public void Changing_roles_to_the_same_set_is_already_done() =>
        DeciderSpec.For(User.Decider).Given(Registered)
            .When(new ChangeRoles(["office-staff"], At))
            .Then();

    [Fact]
    public void Changing_roles_records_the_new_set() =>
        DeciderSpec.For(User.Decider).Given(Registered)
            .When(new ChangeRoles(["accountant"], At))
            .Then(new UserRolesChanged("u1", ["accountant"], At));

    [Fact]
    public void A_login_e_mail_is_held_by_its_first_user()
    {
        DeciderSpec.For(LoginReservation.Decider).When(new ReserveLogin("u1", At)).Then(new LoginReserved("u1", At));
        DeciderSpec.For(LoginReservation.Decider).Given(new LoginReserved("u1", At)).When(new ReserveLogin("u1", At)).Then();
        DeciderSpec.For(LoginReservation.Decider).Given(new LoginReserved("u1", At)).When(new ReserveLogin("u2", At))
            .ThenThrows<DomainRuleViolation>("user.email-taken");
    }

    [Fact]
    public void The_reservation_stream_does_not_contain_the_address_and_ignores_case()
    {
        var stream = LoginReservation.StreamId("ot-caen", "Anne@OT.fr ");
        stream.Should().Be(LoginReservation.StreamId("ot-caen", "anne@ot.fr"));
        stream.Should().NotContain("anne");
        stream.Should().NotBe(LoginReservation.StreamId("ot-bayeux", "anne@ot.fr"));
    }
}
