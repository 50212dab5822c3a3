using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.Modules.Offices.Users;

// A person who can log in to an office: staff (admin, staff, accountant) or a customer on the portal.
// Stream: "office-user-{userId}". Login e-mails are unique per office through a reservation stream (see LoginReservation).

internal abstract record UserCommand;
internal sealed record RegisterUser(string UserId, string Email, string DisplayName, IReadOnlyList<string> Roles, string? CustomerId, DateTimeOffset At) : UserCommand;
internal sealed record SetPassword(string PasswordHash, DateTimeOffset At) : UserCommand;
internal sealed record ChangeRoles(IReadOnlyList<string> Roles, DateTimeOffset At) : UserCommand;
internal sealed record DeactivateUser(DateTimeOffset At) : UserCommand;
internal sealed record ReactivateUser(DateTimeOffset At) : UserCommand;
internal sealed record InviteUser(string TokenHash, DateTimeOffset ExpiresAt, DateTimeOffset At) : UserCommand;
internal sealed record AcceptInvitation(string TokenHash, string PasswordHash, DateTimeOffset At) : UserCommand;

internal abstract record UserEvent;
internal sealed record UserRegistered([DataSubject] string UserId, [PersonalData] string Email, [PersonalData] string DisplayName, IReadOnlyList<string> Roles, string? CustomerId, DateTimeOffset RegisteredAt) : UserEvent;
internal sealed record UserPasswordSet([DataSubject] string UserId, [PersonalData] string PasswordHash, DateTimeOffset SetAt) : UserEvent;
internal sealed record UserRolesChanged(string UserId, IReadOnlyList<string> Roles, DateTimeOffset ChangedAt) : UserEvent;
internal sealed record UserDeactivated(string UserId, DateTimeOffset DeactivatedAt) : UserEvent;
internal sealed record UserReactivated(string UserId, DateTimeOffset ReactivatedAt) : UserEvent;
internal sealed record UserInvited(string UserId, string TokenHash, DateTimeOffset ExpiresAt, DateTimeOffset InvitedAt) : UserEvent;
internal sealed record InvitationAccepted(string UserId, string TokenHash, DateTimeOffset AcceptedAt) : UserEvent;

internal sealed record UserState(string? UserId, IReadOnlyList<string> Roles, bool Active, bool HasPassword, IReadOnlyDictionary<string, DateTimeOffset> OpenInvitations)
{
    public static readonly UserState Initial = new(null, [], false, false, new Dictionary<string, DateTimeOffset>());
    public bool Exists => UserId is not null;

    /// <summary>Bumped by every change that must sign the user out (password, roles, deactivation): the tokens' security stamp.</summary>
    public int StampVersion { get; init; }

    /// <summary>The login e-mail as registered (reads as erased once the person is forgotten).</summary>
    public string? Email { get; init; }

    /// <summary>The person was forgotten: their registration reads as erased.</summary>
    public bool Erased { get; init; }

    /// <summary>The security stamp tokens must carry, or null when the user cannot be signed in at all.</summary>
    public string? SecurityStamp => Exists && Active && !Erased ? $"{UserId}.{StampVersion}" : null;
}

internal static class User
{
    public static string StreamId(string userId) => StreamIds.For("office-user", userId);

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(UserRegistered)] = "offices.user-registered",
        [typeof(UserPasswordSet)] = "offices.user-password-set",
        [typeof(UserRolesChanged)] = "offices.user-roles-changed",
        [typeof(UserDeactivated)] = "offices.user-deactivated",
        [typeof(UserReactivated)] = "offices.user-reactivated",
        [typeof(UserInvited)] = "offices.user-invited",
        [typeof(InvitationAccepted)] = "offices.user-invitation-accepted",
    };

    public static readonly Decider<UserCommand, UserEvent, UserState> Decider = new(Decide, Evolve, UserState.Initial);

    internal static IReadOnlyList<UserEvent> Decide(UserCommand command, UserState state) => (command, state) switch
    {
        (RegisterUser c, { Exists: true }) when c.UserId == state.UserId => [],
        (RegisterUser, { Exists: true }) => throw new DomainRuleViolation("user.already-registered", "This user already exists.", isConflict: true),
        (RegisterUser { Roles.Count: 0 }, _) => throw new DomainRuleViolation("user.role-required", "A user needs at least one role."),
        (RegisterUser c, _) => [new UserRegistered(c.UserId, c.Email.Trim(), c.DisplayName.Trim(), c.Roles.Distinct().ToList(), c.CustomerId, c.At)],
        (_, { Exists: false }) => throw new NotFoundException("User not found."),
        (SetPassword c, _) => [new UserPasswordSet(state.UserId!, c.PasswordHash, c.At)],
        (ChangeRoles { Roles.Count: 0 }, _) => throw new DomainRuleViolation("user.role-required", "A user needs at least one role."),
        (ChangeRoles c, _) when c.Roles.Order().SequenceEqual(state.Roles.Order()) => [],
        (ChangeRoles c, _) => [new UserRolesChanged(state.UserId!, c.Roles.Distinct().ToList(), c.At)],
        (DeactivateUser, { Active: false }) => [],
        (DeactivateUser c, _) => [new UserDeactivated(state.UserId!, c.At)],
        (ReactivateUser, { Active: true }) => [],
        (ReactivateUser c, _) => [new UserReactivated(state.UserId!, c.At)],
        (InviteUser, { Erased: true }) => throw new DomainRuleViolation("user.erased", "Les données de cette personne ont été effacées : elle ne peut plus être invitée."),
        (InviteUser, { Active: false }) => throw new DomainRuleViolation("user.inactive", "This account is deactivated; reactivate it before inviting."),
        (InviteUser c, _) => [new UserInvited(state.UserId!, c.TokenHash, c.ExpiresAt, c.At)],
        (AcceptInvitation c, _) when !state.Active || !state.OpenInvitations.TryGetValue(c.TokenHash, out var expires) || expires < c.At =>
            throw new DomainRuleViolation("user.invitation-invalid", "This invitation link is invalid or has expired. Ask the office for a new one."),
        (AcceptInvitation c, _) => [new InvitationAccepted(state.UserId!, c.TokenHash, c.At), new UserPasswordSet(state.UserId!, c.PasswordHash, c.At)],
        _ => throw new DomainRuleViolation("user.invalid-command", "This change is not possible on the user."),
    };

    internal static UserState Evolve(UserState state, UserEvent @event) => @event switch
    {
        UserRegistered e => state with { UserId = e.UserId, Email = e.Email, Roles = e.Roles, Active = true, Erased = e.Email == PersonalData.ErasedText },
        UserPasswordSet => state with { HasPassword = true, StampVersion = state.StampVersion + 1 },
        UserRolesChanged e => state with { Roles = e.Roles, StampVersion = state.StampVersion + 1 },
        UserDeactivated => state with { Active = false, StampVersion = state.StampVersion + 1 },
        UserReactivated => state with { Active = true },
        UserInvited e => state with { OpenInvitations = new Dictionary<string, DateTimeOffset>(state.OpenInvitations) { [e.TokenHash] = e.ExpiresAt } },
        InvitationAccepted => state with { OpenInvitations = new Dictionary<string, DateTimeOffset>() },
        _ => state,
    };
}
