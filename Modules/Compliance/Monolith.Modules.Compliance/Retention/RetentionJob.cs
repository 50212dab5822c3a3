using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Jobs;
using Monolith.Modules.Compliance.Archives;
using Monolith.Modules.Compliance.Contracts;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Compliance.Retention;

/// <summary>Monthly, per office (its calendar): applies the retention rules and records what it did (<see cref="RetentionApplied"/>).
/// <list type="number">
/// <item>Personal data of a data subject with no activity for <see cref="PersonalDataYears"/> years (Zonza CGV art. 12, CNIL) is
/// crypto-shredded with the existing erasure (<see cref="PersonErasure"/>: keys destroyed, linked subjects and outbox copies too) —
/// after the yearly archives of the years the person appears in are stored, so invoices stay as issued in the signed archives.</item>
/// <item>Accounting records are kept <see cref="AccountingYears"/> years after their fiscal year (C. com. L123-22): the event log is never
/// truncated (amounts, numbers and the chain stay); a stored archive whose period ended more than 10 years ago is deleted.</item>
/// </list>
/// Idempotent: a forgotten subject is not a candidate any more, existing archives are kept, the report of a day is appended once.</summary>
internal sealed class RetentionJob(
    DataSubjectActivity activity, PersonErasure erasure, OfficeArchives archives, ComplianceRegister register, IOfficeCalendars calendars, TimeProvider time)
    : ScheduledJob(time)
{
    public const int PersonalDataYears = 5;
    public const int AccountingYears = 10;
    public const string ForgottenBy = "retention-job";

    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var offices = new SortedSet<string>(await activity.TenantsAsync(ct), StringComparer.Ordinal);
        offices.UnionWith(archives.OfficesWithArchives());
        foreach (var officeId in offices)
        {
            await ApplyAsync(officeId, now, ct);
        }
    }

    internal async Task<RetentionApplied> ApplyAsync(string officeId, DateTimeOffset now, CancellationToken ct)
    {
        var calendar = await calendars.ForAsync(officeId, now, ct);
        var today = calendar.Today;
        var inactiveBefore = today.AddYears(-PersonalDataYears);
        var cutoff = new DateTimeOffset(inactiveBefore.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var candidates = await activity.InactiveSinceAsync(officeId, cutoff, ct);

        var created = new List<string>();
        foreach (var year in candidates.SelectMany(c => Years(calendar, c)).Distinct().Where(y => y < today.Year).Order())
        {
            if (!archives.Exists(officeId, ArchivePeriod.Year(year)))
            {
                created.Add((await archives.CreateAsync(officeId, ArchivePeriod.Year(year), "retention: before shredding personal data", ForgottenBy, ct)).Name);
            }
        }

        var forgotten = new List<string>();
        foreach (var subject in candidates)
        {
            foreach (var done in await erasure.ForgetAsync(officeId, subject.SubjectId, ForgottenBy, ct))
            {
                forgotten.Add(done.SubjectId);
            }
        }

        var accountingKeptFrom = new DateOnly(today.Year - AccountingYears, 1, 1);
        var deleted = archives.DeleteEndedBefore(officeId, today.AddYears(-AccountingYears)).Select(a => a.Name).ToList();
        var report = new RetentionApplied(
            officeId, today, inactiveBefore, accountingKeptFrom, [.. forgotten.Distinct(StringComparer.Ordinal)], created, deleted, now);
        await register.RecordAsync(officeId, today.Year, $"retention/{today:yyyy-MM-dd}", report, ForgottenBy, ct);
        return report;
    }

    private static IEnumerable<int> Years(OfficeCalendar calendar, DataSubjectLastActivity subject)
    {
        var first = calendar.DateOfInstant(subject.FirstSeenAt).Year;
        var last = calendar.DateOfInstant(subject.LastActivityAt).Year;
        return Enumerable.Range(first, last - first + 1);
    }
}
