using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Offices.Offices;

// The office (tenant) aggregate. Stream: "office-{officeId}". The office id is the tenant id.

internal abstract record OfficeCommand;
internal sealed record RegisterOffice(string OfficeId, string Name, string TimeZone, DateTimeOffset At) : OfficeCommand;
internal sealed record RenameOffice(string Name, DateTimeOffset At) : OfficeCommand;
internal sealed record ChangeLegalIdentity(LegalIdentity Identity, DateTimeOffset At) : OfficeCommand;
internal sealed record ChangeTimeZone(string TimeZone, DateTimeOffset At) : OfficeCommand;
internal sealed record PublishTermsOfSale(string Title, string Text, IReadOnlyDictionary<string, string> Settings, DateOnly EffectiveFrom, DateTimeOffset At) : OfficeCommand;

internal abstract record OfficeEvent;
internal sealed record OfficeRegistered(string OfficeId, string Name, string TimeZone, DateTimeOffset RegisteredAt) : OfficeEvent;
internal sealed record OfficeRenamed(string OfficeId, string Name, DateTimeOffset RenamedAt) : OfficeEvent;
internal sealed record LegalIdentityChanged(string OfficeId, LegalIdentity Identity, DateTimeOffset ChangedAt) : OfficeEvent;
internal sealed record TimeZoneChanged(string OfficeId, string TimeZone, DateTimeOffset ChangedAt) : OfficeEvent;
internal sealed record TermsOfSalePublished(
    string OfficeId,
    int Version,
    string Title,
    string Text,
    IReadOnlyDictionary<string, string> Settings,
    DateOnly EffectiveFrom,
    DateTimeOffset PublishedAt) : OfficeEvent;

internal sealed record OfficeState(
    string? OfficeId,
    string? Name,
    string? TimeZone,
    LegalIdentity? Legal,
    int LastTermsVersion,
    DateOnly? LastTermsEffectiveFrom)
{
    public static readonly OfficeState Initial = new(null, null, null, null, 0, null);
    public bool Exists => OfficeId is not null;
}

internal static class Office
{
    public static string StreamId(string officeId) => StreamIds.For("office", officeId);

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(OfficeRegistered)] = "offices.office-registered",
        [typeof(OfficeRenamed)] = "offices.office-renamed",
        [typeof(LegalIdentityChanged)] = "offices.legal-identity-changed",
        [typeof(TimeZoneChanged)] = "offices.time-zone-changed",
        [typeof(TermsOfSalePublished)] = "offices.terms-of-sale-published",
    };

    public static readonly Decider<OfficeCommand, OfficeEvent, OfficeState> Decider = new(Decide, Evolve, OfficeState.Initial)
    {
        Publish = (_, _, events, _) => events.OfType<TermsOfSalePublished>()
            .Select(e => new Contracts.Facts.TermsOfSalePublished(e.Version, e.Title, e.Settings, e.EffectiveFrom, e.PublishedAt)),
    };

    internal static IReadOnlyList<OfficeEvent> Decide(OfficeCommand command, OfficeState state) => (command, state) switch
    {
        (RegisterOffice c, { Exists: true }) when c.OfficeId == state.OfficeId && c.Name == state.Name => [],
        (RegisterOffice, { Exists: true }) =>
            throw new DomainRuleViolation("office.already-registered", "This office is already registered.", isConflict: true),
        (RegisterOffice c, _) => [new OfficeRegistered(c.OfficeId, c.Name.Trim(), RequireTimeZone(c.TimeZone), c.At)],
        (_, { Exists: false }) => throw new NotFoundException("Office not found."),
        (RenameOffice c, _) when c.Name.Trim() == state.Name => [],
        (RenameOffice c, _) => [new OfficeRenamed(state.OfficeId!, c.Name.Trim(), c.At)],
        (ChangeLegalIdentity c, _) when c.Identity == state.Legal => [],
        (ChangeLegalIdentity c, _) => [new LegalIdentityChanged(state.OfficeId!, c.Identity, c.At)],
        (ChangeTimeZone c, _) when c.TimeZone == state.TimeZone => [],
        (ChangeTimeZone c, _) => [new TimeZoneChanged(state.OfficeId!, RequireTimeZone(c.TimeZone), c.At)],
        (PublishTermsOfSale c, _) when state.LastTermsEffectiveFrom is { } last && c.EffectiveFrom < last =>
            throw new DomainRuleViolation(
                "terms.effective-date-before-previous",
                $"A new version of the terms of sale cannot take effect before the current one (in force from {last:dd/MM/yyyy})."),
        (PublishTermsOfSale c, _) => [new TermsOfSalePublished(state.OfficeId!, state.LastTermsVersion + 1, c.Title.Trim(), c.Text, c.Settings, c.EffectiveFrom, c.At)],
        _ => throw new DomainRuleViolation("office.invalid-command", "This change is not possible on the office."),
    };

    internal static OfficeState Evolve(OfficeState state, OfficeEvent @event) => @event switch
    {
        OfficeRegistered e => state with { OfficeId = e.OfficeId, Name = e.Name, TimeZone = e.TimeZone },
        OfficeRenamed e => state with { Name = e.Name },
        LegalIdentityChanged e => state with { Legal = e.Identity },
        TimeZoneChanged e => state with { TimeZone = e.TimeZone },
        TermsOfSalePublished e => state with { LastTermsVersion = e.Version, LastTermsEffectiveFrom = e.EffectiveFrom },
        _ => state,
    };

    private static string RequireTimeZone(string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _)
            ? timeZone
            : throw new DomainRuleViolation("office.unknown-time-zone", $"Unknown time zone '{timeZone}' (use an IANA id such as Europe/Paris).");
}
