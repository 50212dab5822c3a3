using System.Security.Cryptography;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Validation;

namespace Monolith.Modules.Marina.Mandates;

// The unique mandate reference (RUM) of a creditor: one stream per reference, "marina-rum-{office}-{rum}", whose only event reserves it
// for one mandate. A second mandate asking for the same reference is refused by the stream itself (optimistic concurrency), so two
// mandates of one office never share a RUM, even under concurrent signatures.

internal abstract record RumCommand;
internal sealed record ReserveRum(string Rum, string MandateId, DateTimeOffset At) : RumCommand;

internal abstract record RumEvent;
internal sealed record RumReserved(string Rum, string MandateId, DateTimeOffset ReservedAt) : RumEvent;

internal sealed record RumState(string? MandateId);

internal static class RumRegister
{
    /// <summary>Crockford's base 32 (no I, L, O, U: nothing to misread when a clerk types it).</summary>
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string StreamId(string officeId, string rum) => $"marina-rum-{officeId}-{rum}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(RumReserved)] = "marina.rum-reserved",
    };

    public static readonly Decider<RumCommand, RumEvent, RumState> Decider = new(Decide, (s, e) => e is RumReserved r ? new RumState(r.MandateId) : s, new RumState(null));

    internal static IReadOnlyList<RumEvent> Decide(RumCommand command, RumState state) => command switch
    {
        ReserveRum c when state.MandateId == c.MandateId => [],
        ReserveRum when state.MandateId is not null =>
            throw new DomainRuleViolation("mandate.rum-taken", "Cette référence unique de mandat (RUM) est déjà attribuée.", isConflict: true),
        ReserveRum c => [new RumReserved(c.Rum, c.MandateId, c.At)],
        _ => throw new DomainRuleViolation("rum.invalid-command", "Opération impossible sur la RUM."),
    };

    /// <summary>A new RUM: "RUM", the signature year, then 16 random characters (80 bits) — never derived from the IBAN, the holder's
    /// name or any identity data (SPEC §7). 23 characters from the SEPA set.</summary>
    public static string NewRum(int year)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[16];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] % 32];
        }

        var rum = $"RUM{year:D4}-{new string(chars)}";
        return Identifiers.IsValidMandateReference(rum) ? rum : throw new InvalidOperationException("Generated an invalid RUM.");
    }
}
