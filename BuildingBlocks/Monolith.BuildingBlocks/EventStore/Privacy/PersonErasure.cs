using Monolith.BuildingBlocks.Email;

namespace Monolith.BuildingBlocks.EventStore.Privacy;

/// <summary>What a module knows about a person: other data subjects that are the same person (a member's portal account) and the
/// e-mail addresses it wrote to (to purge the outbox). Modules register one with <c>services.AddSingleton&lt;IDataSubjectFootprint, …&gt;</c>.</summary>
public interface IDataSubjectFootprint
{
    Task<DataSubjectFootprint> FindAsync(string tenantId, string subjectId, CancellationToken ct);
}

public sealed record DataSubjectFootprint(IReadOnlyList<string> LinkedSubjects, IReadOnlyList<string> EmailAddresses)
{
    public static readonly DataSubjectFootprint None = new([], []);
}

/// <summary>"Forget this person", whole: the subject and every data subject the modules link to it (portal account…) are forgotten
/// (keys destroyed, erasure recorded; read models blank their rows), the person's e-mail addresses as the e-mail log sealed them
/// (<see cref="RecipientAddresses"/>: one subject per address) are forgotten too, and the outbox's <c>.eml</c> copies of messages sent to
/// the person's addresses are deleted. Idempotent.</summary>
public sealed class PersonErasure(PersonalDataEraser eraser, IEnumerable<IDataSubjectFootprint> footprints, EmailOptions email)
{
    public Task<IReadOnlyList<DataSubjectForgotten>> ForgetAsync(string tenantId, string subjectId, string forgottenBy, CancellationToken ct = default) =>
        ForgetAsync(tenantId, subjectId, forgottenBy, [], ct);

    /// <summary>As above, with addresses the caller names besides those the modules know (<paramref name="moreAddresses"/>): a person
    /// whose module keeps no footprint (a ticket buyer, a booking customer) has their addresses in the e-mails sent list shredded too.</summary>
    public async Task<IReadOnlyList<DataSubjectForgotten>> ForgetAsync(
        string tenantId, string subjectId, string forgottenBy, IEnumerable<string> moreAddresses, CancellationToken ct = default)
    {
        var subjects = new List<string> { subjectId };
        var addresses = new HashSet<string>(moreAddresses.Select(a => a.Trim()).Where(a => a.Contains('@', StringComparison.Ordinal)), StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < subjects.Count && i < 16; i++)
        {
            foreach (var footprint in footprints)
            {
                var found = await footprint.FindAsync(tenantId, subjects[i], ct);
                subjects.AddRange(found.LinkedSubjects.Where(s => !subjects.Contains(s, StringComparer.Ordinal)));
                addresses.UnionWith(found.EmailAddresses.Where(a => a.Contains('@', StringComparison.Ordinal) && a != PersonalData.ErasedText));
            }
        }

        var forgotten = new List<DataSubjectForgotten>();
        foreach (var subject in subjects)
        {
            forgotten.Add(await eraser.ForgetAsync(tenantId, subject, forgottenBy, ct));
        }

        // The addresses the e-mail log sealed for the person (each its own subject): shredded too, so the e-mails list shows them erased.
        foreach (var address in addresses.Order(StringComparer.OrdinalIgnoreCase))
        {
            forgotten.Add(await eraser.ForgetAsync(tenantId, RecipientAddresses.SubjectId(address), forgottenBy, ct));
        }

        await PurgeOutboxAsync(tenantId, addresses, ct);
        return forgotten;
    }

    private async Task PurgeOutboxAsync(string tenantId, HashSet<string> addresses, CancellationToken ct)
    {
        var folder = Path.Combine(email.OutboxFolder, EmlOutboxEmailSender.SafeSegment(tenantId));
        if (addresses.Count == 0 || !Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            var content = await File.ReadAllTextAsync(file, ct);
            if (addresses.Any(a => content.Contains(a, StringComparison.OrdinalIgnoreCase)))
            {
                File.Delete(file);
            }
        }
    }
}
