using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.Modules.Membership.Members;
using Monolith.Testing;
using static Monolith.Modules.Tests.Membership.SeedCatalogue;

namespace Monolith.Modules.Tests.Membership;

public sealed class MemberDeciderTests
{
    private static DeciderSpec<MemberCommand, MemberEvent, MemberState> Spec => DeciderSpec.For(Member.Decider);

    private static readonly Contact Nelly = new("Nelly Lima", "n.lima@example.test", "02 31 97 91 95", "Gérante");

    [Fact]
    public void A_member_is_registered_with_exactly_one_principal_offer()
    {
        Spec.When(new RegisterMember("m1", " HLO ", "login@example.test", [Nelly], [Org2, Pcu], At))
            .Then(new MemberRegistered("m1", "HLO", "login@example.test", [Nelly], [Org2, Pcu], At));
        Spec.When(new RegisterMember("m1", "HLO", "l@example.test", [], [Pcu], At)).ThenThrows<DomainRuleViolation>("member.principal-offer");
        Spec.When(new RegisterMember("m1", "HLO", "l@example.test", [], [Org2, Org2 with { OfferId = "x" }], At)).ThenThrows<DomainRuleViolation>("member.principal-offer");
        Spec.When(new RegisterMember("m1", "HLO", "l@example.test", [], [], At)).ThenThrows<DomainRuleViolation>("member.no-offer");
        Spec.Given(new MemberRegistered("m1", "HLO", "l@example.test", [], [Org2], At)).When(new RegisterMember("m1", "HLO", "l@example.test", [], [Org2], At)).Then();
    }

    [Fact]
    public void Offers_change_and_invitations_are_counted()
    {
        var registered = Spec.Given(new MemberRegistered("m1", "HLO", "l@example.test", [], [Org2], At));
        registered.When(new ChangeOffers([Org2, Pcu], At)).Then(new MemberOffersChanged("m1", [Org2, Pcu], At));
        registered.When(new ChangeOffers([Org2], At)).Then();
        registered.When(new RecordInvitation("acc", At)).Then(new MemberInvited("m1", "acc", 1, At));
        registered.Given(new MemberInvited("m1", "acc", 1, At)).When(new RecordInvitation("acc", At)).Then(new MemberInvited("m1", "acc", 2, At));
        Spec.When(new ChangeOffers([Org2], At)).ThenThrows<NotFoundException>();
    }

    [Fact]
    public void Contacts_and_login_email_are_personal_data_of_the_member()
    {
        var parameters = typeof(MemberRegistered).GetConstructors()[0].GetParameters();
        parameters.Where(p => p.GetCustomAttributes(typeof(PersonalDataAttribute), false).Length > 0).Select(p => p.Name)
            .Should().BeEquivalentTo("LoginEmail", "Contacts");
        parameters.Single(p => p.GetCustomAttributes(typeof(DataSubjectAttribute), false).Length > 0).Name.Should().Be("MemberId");
    }
}
