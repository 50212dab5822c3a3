using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.Modules.Membership.Members;

// A member: a company (raison sociale) with its contacts, its portal login e-mail and its offers (establishments/activities listed by
// the office), exactly one of them the principal activity. Stream: "membership-member-{memberId}". The member id is the customer id
// of the portal account and the data subject of the contacts' personal data (names, e-mails, phones, login e-mail).

internal sealed record Contact(string Name, string? Email, string? Phone, string? Role);

internal sealed record Offer(string OfferId, string Name, bool Principal);

internal abstract record MemberCommand;
internal sealed record RegisterMember(string MemberId, string CompanyName, string LoginEmail, IReadOnlyList<Contact> Contacts, IReadOnlyList<Offer> Offers, DateTimeOffset At) : MemberCommand;
internal sealed record ChangeOffers(IReadOnlyList<Offer> Offers, DateTimeOffset At) : MemberCommand;
internal sealed record RecordInvitation(string AccountId, DateTimeOffset At) : MemberCommand;

internal abstract record MemberEvent;
internal sealed record MemberRegistered(
    [DataSubject] string MemberId,
    string CompanyName,
    [PersonalData] string LoginEmail,
    [PersonalData] IReadOnlyList<Contact> Contacts,
    IReadOnlyList<Offer> Offers,
    DateTimeOffset RegisteredAt) : MemberEvent;
internal sealed record MemberOffersChanged(string MemberId, IReadOnlyList<Offer> Offers, DateTimeOffset ChangedAt) : MemberEvent;
internal sealed record MemberInvited(string MemberId, string AccountId, int Invitation, DateTimeOffset InvitedAt) : MemberEvent;

internal sealed record MemberState(string? MemberId, string CompanyName, string LoginEmail, IReadOnlyList<Offer> Offers, int Invitations)
{
    public static readonly MemberState Initial = new(null, "", "", [], 0);

    public bool Exists => MemberId is not null;

    public Offer? Principal => Offers.FirstOrDefault(o => o.Principal);
}

internal static class Member
{
    public static string StreamId(string memberId) => StreamIds.For("membership-member", memberId);

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(MemberRegistered)] = "membership.member-registered",
        [typeof(MemberOffersChanged)] = "membership.member-offers-changed",
        [typeof(MemberInvited)] = "membership.member-invited",
    };

    public static readonly Decider<MemberCommand, MemberEvent, MemberState> Decider = new(Decide, Evolve, MemberState.Initial);

    internal static IReadOnlyList<MemberEvent> Decide(MemberCommand command, MemberState state) => (command, state) switch
    {
        (RegisterMember c, { Exists: true }) when c.MemberId == state.MemberId => [],
        (RegisterMember, { Exists: true }) => throw new DomainRuleViolation("member.exists", "This member already exists.", isConflict: true),
        (RegisterMember c, _) => [new MemberRegistered(c.MemberId, c.CompanyName.Trim(), c.LoginEmail.Trim(), c.Contacts, CheckOffers(c.Offers), c.At)],
        (_, { Exists: false }) => throw new NotFoundException("Member not found."),
        (ChangeOffers c, _) when SameOffers(c.Offers, state.Offers) => [],
        (ChangeOffers c, _) => [new MemberOffersChanged(state.MemberId!, CheckOffers(c.Offers), c.At)],
        (RecordInvitation c, _) => [new MemberInvited(state.MemberId!, c.AccountId, state.Invitations + 1, c.At)],
        _ => throw new DomainRuleViolation("member.invalid-command", "This change is not possible on the member."),
    };

    private static IReadOnlyList<Offer> CheckOffers(IReadOnlyList<Offer> offers)
    {
        if (offers.Count == 0)
        {
            throw new DomainRuleViolation("member.no-offer", "A member needs at least one offer (establishment or activity).");
        }

        if (offers.Count(o => o.Principal) != 1)
        {
            throw new DomainRuleViolation("member.principal-offer", "Exactly one offer must be the principal activity.");
        }

        if (offers.Select(o => o.OfferId).Distinct(StringComparer.Ordinal).Count() != offers.Count)
        {
            throw new DomainRuleViolation("member.duplicate-offer", "Two offers have the same id.");
        }

        return [.. offers.Select(o => o with { Name = o.Name.Trim() })];
    }

    private static bool SameOffers(IReadOnlyList<Offer> a, IReadOnlyList<Offer> b) => a.SequenceEqual(b);

    internal static MemberState Evolve(MemberState state, MemberEvent @event) => @event switch
    {
        MemberRegistered e => state with { MemberId = e.MemberId, CompanyName = e.CompanyName, LoginEmail = e.LoginEmail, Offers = e.Offers },
        MemberOffersChanged e => state with { Offers = e.Offers },
        MemberInvited e => state with { Invitations = e.Invitation },
        _ => state,
    };
}
