using System.Security.Cryptography;
using System.Text;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.Modules.Offices.Users;

// A login e-mail is unique within an office. Uniqueness in an event-sourced system comes from a stream whose name is derived from
// the key: "office-login-{office}-{hash of the normalised e-mail}". The first user to append to it holds the e-mail.
// The stream name holds a hash, never the address itself (personal data stays out of stream names).

internal sealed record ReserveLogin(string UserId, DateTimeOffset At);

internal abstract record LoginReservationEvent;
internal sealed record LoginReserved(string UserId, DateTimeOffset ReservedAt) : LoginReservationEvent;

internal sealed record LoginReservationState(string? HolderUserId)
{
    public static readonly LoginReservationState Initial = new((string?)null);
}

internal static class LoginReservation
{
    public static string StreamId(string officeId, string email)
    {
        var normalized = Normalize(email);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{officeId}\n{normalized}"));
        return StreamIds.For("office-login", officeId, Convert.ToHexStringLower(hash)[..32]);
    }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(LoginReserved)] = "offices.login-reserved",
    };

    public static readonly Decider<ReserveLogin, LoginReservationEvent, LoginReservationState> Decider = new(
        (command, state) => state.HolderUserId switch
        {
            null => [new LoginReserved(command.UserId, command.At)],
            var holder when holder == command.UserId => [],
            _ => throw new DomainRuleViolation("user.email-taken", "A user with this e-mail address already exists in this office.", isConflict: true),
        },
        (state, @event) => @event is LoginReserved r ? new LoginReservationState(r.UserId) : state,
        LoginReservationState.Initial);
}
