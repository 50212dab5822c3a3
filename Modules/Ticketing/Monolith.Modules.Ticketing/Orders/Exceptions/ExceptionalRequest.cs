using System.Globalization;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.Modules.Ticketing.Orders.Exceptions;

internal enum ExceptionalReason
{
    Death,
    Illness,
    Other,
}

internal enum ApprovingParty
{
    Office,
    Organiser,
}

internal abstract record ExceptionalRequestCommand;

/// <summary>A buyer's exceptional request (death, illness…) about the tickets of one session of an order, received on
/// <paramref name="ReceivedOn"/> (office date); <paramref name="SessionDay"/>: the session's date in the office's calendar.</summary>
internal sealed record RecordExceptionalRequest(
    string RequestId,
    string OrderId,
    string SessionId,
    ExceptionalReason Reason,
    string Details,
    DateOnly ReceivedOn,
    DateOnly SessionDay,
    string RecordedBy,
    DateTimeOffset At,
    string BuyerId = "") : ExceptionalRequestCommand;

/// <summary>One party's approval, given by a staff user (the organiser's approval is recorded by the staff user who received it).</summary>
internal sealed record ApproveExceptionalRequest(ApprovingParty Party, string UserId, DateTimeOffset At) : ExceptionalRequestCommand;

internal sealed record RejectExceptionalRequest(string UserId, string Reason, DateTimeOffset At) : ExceptionalRequestCommand;

internal abstract record ExceptionalRequestEvent;

internal sealed record ExceptionalRequestRecorded(
    string RequestId,
    string OrderId,
    [property: DataSubject] string BuyerId,
    string SessionId,
    ExceptionalReason Reason,
    [property: PersonalData] string Details,
    DateOnly ReceivedOn,
    DateOnly SessionDay,
    string RecordedBy,
    DateTimeOffset At) : ExceptionalRequestEvent;

internal sealed record ExceptionalRequestApprovalGiven(ApprovingParty Party, string UserId, DateTimeOffset At) : ExceptionalRequestEvent;

/// <summary>Both the office and the organiser approved, by two different people: the face value is refunded (fees kept).</summary>
internal sealed record ExceptionalRequestApproved(DateTimeOffset At) : ExceptionalRequestEvent;

internal sealed record ExceptionalRequestRejected(string UserId, string Reason, DateTimeOffset At) : ExceptionalRequestEvent;

internal enum ExceptionalRequestStatus
{
    None,
    Pending,
    Approved,
    Rejected,
}

internal sealed record ExceptionalRequestState(
    ExceptionalRequestRecorded? Request,
    IReadOnlyList<ExceptionalRequestApprovalGiven> Approvals,
    ExceptionalRequestStatus Status,
    string? RejectionReason)
{
    public static readonly ExceptionalRequestState Initial = new(null, [], ExceptionalRequestStatus.None, null);
}

/// <summary>Stream <c>ticketing-exceptional-request-{requestId}</c> (one per order and session): no refund, exchange or postponement at
/// the buyer's request, even for loss or theft (Zonza "Billetterie") — except exceptional cases (death, illness), recorded here, which
/// must arrive before the session or within 7 days after it, and need the office's and the organiser's approval given by two different
/// people before anything is refunded.</summary>
internal static class ExceptionalRequests
{
    public const int DaysAfterSession = 7;

    public static string StreamId(string requestId) => $"ticketing-exceptional-request-{requestId}";

    public static string IdFor(string orderId, string sessionId) =>
        DeterministicGuid.Create(new Guid("5f7c1f64-7a8e-4c1b-a3a0-3f8e5f1d2c77"), orderId + "/" + sessionId).ToString("N");

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(ExceptionalRequestRecorded)] = "ticketing.exceptional-request-recorded",
        [typeof(ExceptionalRequestApprovalGiven)] = "ticketing.exceptional-request-approval-given",
        [typeof(ExceptionalRequestApproved)] = "ticketing.exceptional-request-approved",
        [typeof(ExceptionalRequestRejected)] = "ticketing.exceptional-request-rejected",
    };

    public static readonly Decider<ExceptionalRequestCommand, ExceptionalRequestEvent, ExceptionalRequestState> Decider = new(Decide, Evolve, ExceptionalRequestState.Initial);

    internal static IReadOnlyList<ExceptionalRequestEvent> Decide(ExceptionalRequestCommand command, ExceptionalRequestState state) => (command, state) switch
    {
        (RecordExceptionalRequest, { Request: not null }) => [],
        (RecordExceptionalRequest c, _) => Record(c),
        (_, { Request: null }) => throw new NotFoundException("Cette demande exceptionnelle n'existe pas."),
        (ApproveExceptionalRequest c, _) => Approve(c, state),
        (RejectExceptionalRequest, { Status: ExceptionalRequestStatus.Rejected }) => [],
        (RejectExceptionalRequest, { Status: ExceptionalRequestStatus.Approved }) => throw new DomainRuleViolation("exception.decided",
            "Cette demande a déjà été acceptée et remboursée.", isConflict: true),
        (RejectExceptionalRequest c, _) => [new ExceptionalRequestRejected(c.UserId, c.Reason, c.At)],
        _ => throw new DomainRuleViolation("exception.invalid-step", "Opération impossible sur cette demande."),
    };

    private static IReadOnlyList<ExceptionalRequestEvent> Record(RecordExceptionalRequest c)
    {
        var last = c.SessionDay.AddDays(DaysAfterSession);
        if (c.ReceivedOn > last)
        {
            throw new DomainRuleViolation("exception.late",
                $"Une demande exceptionnelle doit parvenir avant la séance ou au plus tard {DaysAfterSession} jours après, soit le {last.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} : celle-ci ne peut pas être prise en compte.");
        }

        return [new ExceptionalRequestRecorded(c.RequestId, c.OrderId, c.BuyerId, c.SessionId, c.Reason, c.Details, c.ReceivedOn, c.SessionDay, c.RecordedBy, c.At)];
    }

    private static IReadOnlyList<ExceptionalRequestEvent> Approve(ApproveExceptionalRequest c, ExceptionalRequestState state)
    {
        if (state.Approvals.Any(a => a.Party == c.Party && a.UserId == c.UserId))
        {
            return []; // the same approval again
        }

        if (state.Status == ExceptionalRequestStatus.Rejected)
        {
            throw new DomainRuleViolation("exception.decided", "Cette demande a été refusée.", isConflict: true);
        }

        if (state.Status == ExceptionalRequestStatus.Approved || state.Approvals.Any(a => a.Party == c.Party))
        {
            throw new DomainRuleViolation("exception.party-approved",
                c.Party == ApprovingParty.Office ? "L'office a déjà donné son accord." : "L'accord de l'organisateur est déjà enregistré.", isConflict: true);
        }

        if (state.Approvals.Any(a => a.UserId == c.UserId))
        {
            throw new DomainRuleViolation("exception.same-approver",
                "Les deux accords (office et organisateur) doivent être enregistrés par deux personnes différentes.");
        }

        var given = new ExceptionalRequestApprovalGiven(c.Party, c.UserId, c.At);
        return state.Approvals.Count == 1 ? [given, new ExceptionalRequestApproved(c.At)] : [given];
    }

    internal static ExceptionalRequestState Evolve(ExceptionalRequestState state, ExceptionalRequestEvent e) => e switch
    {
        ExceptionalRequestRecorded r => state with { Request = r, Status = ExceptionalRequestStatus.Pending },
        ExceptionalRequestApprovalGiven a => state with { Approvals = [.. state.Approvals, a] },
        ExceptionalRequestApproved => state with { Status = ExceptionalRequestStatus.Approved },
        ExceptionalRequestRejected r => state with { Status = ExceptionalRequestStatus.Rejected, RejectionReason = r.Reason },
        _ => state,
    };
}
