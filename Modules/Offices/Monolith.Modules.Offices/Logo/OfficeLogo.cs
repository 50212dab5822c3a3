using System.Security.Cryptography;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.EventStore;

namespace Monolith.Modules.Offices.Logo;

// The office's logo, printed in the header of every document the office issues (invoices, credit notes, quotes, order forms, tickets,
// contracts: the shared A4 layout). Stream: "office-logo-{officeId}", its own small stream so that the office stream stays light; the
// image travels in the event (at most 200 KB): with several hosts on one database, every host prints the same logo (a file in one
// host's data folder would not be seen by the others).

internal abstract record OfficeLogoCommand;
internal sealed record SetLogo(string OfficeId, byte[] Bytes, DateTimeOffset At) : OfficeLogoCommand;
internal sealed record RemoveLogo(DateTimeOffset At) : OfficeLogoCommand;

internal abstract record OfficeLogoEvent;

/// <summary><paramref name="Base64"/>: the image's bytes; <paramref name="Sha256"/>: their hash (lowercase hex), what a client compares.</summary>
internal sealed record OfficeLogoSet(string OfficeId, string ContentType, string Base64, string Sha256, DateTimeOffset At) : OfficeLogoEvent;
internal sealed record OfficeLogoRemoved(string OfficeId, DateTimeOffset At) : OfficeLogoEvent;

internal sealed record OfficeLogoState(string? OfficeId, string? ContentType, string? Base64, string? Sha256)
{
    public static readonly OfficeLogoState Initial = new(null, null, null, null);

    public OfficeLogo? Logo => ContentType is null || Base64 is null ? null : new OfficeLogo(ContentType, Convert.FromBase64String(Base64));
}

internal static class OfficeLogoStream
{
    /// <summary>The largest image accepted (bytes): a logo printed at most 50 × 20 mm needs far less.</summary>
    public const int MaxBytes = 200 * 1024;

    public static string StreamId(string officeId) => StreamIds.For("office-logo", officeId);

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(OfficeLogoSet)] = "offices.logo-set",
        [typeof(OfficeLogoRemoved)] = "offices.logo-removed",
    };

    public static readonly Decider<OfficeLogoCommand, OfficeLogoEvent, OfficeLogoState> Decider = new(Decide, Evolve, OfficeLogoState.Initial);

    internal static IReadOnlyList<OfficeLogoEvent> Decide(OfficeLogoCommand command, OfficeLogoState state) => command switch
    {
        SetLogo c => Set(c, state),
        RemoveLogo c => state.Sha256 is null ? [] : [new OfficeLogoRemoved(state.OfficeId!, c.At)],
        _ => throw new DomainRuleViolation("office.invalid-command", "This change is not possible on the office's logo."),
    };

    private static IReadOnlyList<OfficeLogoEvent> Set(SetLogo c, OfficeLogoState state)
    {
        if (ImageKind(c.Bytes) is not { } kind)
        {
            throw new DomainRuleViolation("office.logo-invalid", "Le logo doit être une image PNG ou JPEG.");
        }

        if (c.Bytes.Length > MaxBytes)
        {
            throw new DomainRuleViolation("office.logo-too-large", $"Le logo ne doit pas dépasser {MaxBytes / 1024} Ko (image reçue : {(c.Bytes.Length + 1023) / 1024} Ko).");
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(c.Bytes));
        return sha == state.Sha256 ? [] : [new OfficeLogoSet(c.OfficeId, kind, Convert.ToBase64String(c.Bytes), sha, c.At)];
    }

    /// <summary>The image's type from its first bytes (never from what the client claims): PNG signature <c>89 50 4E 47 0D 0A 1A 0A</c>
    /// or JPEG SOI marker <c>FF D8 FF</c>; null otherwise.</summary>
    public static string? ImageKind(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : null;

    internal static OfficeLogoState Evolve(OfficeLogoState state, OfficeLogoEvent @event) => @event switch
    {
        OfficeLogoSet e => new OfficeLogoState(e.OfficeId, e.ContentType, e.Base64, e.Sha256),
        OfficeLogoRemoved e => OfficeLogoState.Initial with { OfficeId = e.OfficeId },
        _ => state,
    };
}

/// <summary><see cref="IOfficeLogos"/> for the document renderer: the office's logo stream folded.</summary>
internal sealed class OfficeLogos(CommandHandler handler) : IOfficeLogos
{
    public async Task<OfficeLogo?> GetAsync(string officeId, CancellationToken ct = default) =>
        (await handler.LoadAsync(OfficeLogoStream.Decider, OfficeLogoStream.StreamId(officeId), officeId, ct: ct)).State.Logo;
}
