using System.Security.Cryptography;
using System.Text;
using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Ticketing.Buyers;

/// <summary>Who a buyer is, for the per-person limits (Zonza "Billetterie" art. 1: "une même personne ne peut effectuer plusieurs
/// commandes espacées dans le temps pour contourner cette règle"). A person is recognised by any of: the portal account, the e-mail
/// address normalised (case, spaces, "+tag" and, for Gmail, dots ignored), the payment reference. Keys are stored hashed with the office
/// id: they identify without spelling out the address.</summary>
internal static class BuyerKeys
{
    public static IReadOnlyList<string> For(string tenantId, string? accountId, string? email, string? paymentReference)
    {
        var keys = new List<string>();
        if (!string.IsNullOrWhiteSpace(accountId))
        {
            keys.Add(Hash(tenantId, "account:" + accountId.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(email))
        {
            keys.Add(Hash(tenantId, "email:" + NormaliseEmail(email)));
        }

        if (!string.IsNullOrWhiteSpace(paymentReference))
        {
            keys.Add(Hash(tenantId, "payment:" + paymentReference.Trim().ToUpperInvariant()));
        }

        return keys;
    }

    public static string NormaliseEmail(string email)
    {
        var e = email.Trim().ToLowerInvariant();
        var at = e.LastIndexOf('@');
        if (at <= 0)
        {
            return e;
        }

        var local = e[..at];
        var domain = e[(at + 1)..];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
        {
            local = local[..plus];
        }

        if (domain is "gmail.com" or "googlemail.com")
        {
            local = local.Replace(".", string.Empty, StringComparison.Ordinal);
            domain = "gmail.com";
        }

        return local + "@" + domain;
    }

    private static string Hash(string tenantId, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId + "|" + key)))[..24];
}

internal abstract record LedgerCommand;

/// <summary>Counts an order's seats for this show against the person's limit; the same order counted again changes nothing.</summary>
internal sealed record CountSeats(string OrderId, string SessionId, int Seats, int MaxPerPerson, DateTimeOffset At) : LedgerCommand;

/// <summary>An order that did not go through (its hold had expired) or was cancelled: its seats no longer count.</summary>
internal sealed record UncountSeats(string OrderId, DateTimeOffset At) : LedgerCommand;

internal abstract record LedgerEvent;

internal sealed record SeatsCounted(string OrderId, string SessionId, int Seats, DateTimeOffset At) : LedgerEvent;

internal sealed record SeatsUncounted(string OrderId, DateTimeOffset At) : LedgerEvent;

internal sealed record LedgerState(IReadOnlyDictionary<string, SeatsCounted> Orders)
{
    public static readonly LedgerState Initial = new(new Dictionary<string, SeatsCounted>());

    public int Total => Orders.Values.Sum(o => o.Seats);

    public int TotalOutside(string sessionId) => Orders.Values.Where(o => o.SessionId != sessionId).Sum(o => o.Seats);
}

/// <summary>Stream <c>ticketing-buyer-{showId}-{key}</c>: the seats one person (one identity key) has bought for one show, across all
/// orders and sessions. Short (one event per order), contended only by that person's own orders.</summary>
internal static class BuyerLedger
{
    public static string StreamId(string showId, string buyerKey) => $"ticketing-buyer-{showId}-{buyerKey}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(SeatsCounted)] = "ticketing.buyer-seats-counted",
        [typeof(SeatsUncounted)] = "ticketing.buyer-seats-uncounted",
    };

    public static readonly Decider<LedgerCommand, LedgerEvent, LedgerState> Decider = new(Decide, Evolve, LedgerState.Initial);

    internal static IReadOnlyList<LedgerEvent> Decide(LedgerCommand command, LedgerState state) => command switch
    {
        CountSeats c when state.Orders.ContainsKey(Key(c.OrderId, c.SessionId)) => [],
        CountSeats c when state.Total + c.Seats > c.MaxPerPerson => throw new DomainRuleViolation("limit.per-person",
            $"Au plus {c.MaxPerPerson} places par personne pour ce spectacle, toutes commandes confondues : vous en avez déjà {state.Total}, vous pouvez encore en commander {Math.Max(0, c.MaxPerPerson - state.Total)}."),
        CountSeats c => [new SeatsCounted(c.OrderId, c.SessionId, c.Seats, c.At)],
        UncountSeats c when state.Orders.Values.Any(o => o.OrderId == c.OrderId) => [new SeatsUncounted(c.OrderId, c.At)],
        UncountSeats => [],
        _ => throw new DomainRuleViolation("ledger.invalid-step", "Opération impossible."),
    };

    private static string Key(string orderId, string sessionId) => orderId + "/" + sessionId;

    internal static LedgerState Evolve(LedgerState state, LedgerEvent e) => e switch
    {
        SeatsCounted c => new LedgerState(new Dictionary<string, SeatsCounted>(state.Orders) { [Key(c.OrderId, c.SessionId)] = c }),
        SeatsUncounted u => new LedgerState(state.Orders.Where(o => o.Value.OrderId != u.OrderId).ToDictionary(o => o.Key, o => o.Value)),
        _ => state,
    };
}
