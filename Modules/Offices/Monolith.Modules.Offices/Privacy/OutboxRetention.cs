using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Jobs;

namespace Monolith.Modules.Offices.Privacy;

/// <summary>Daily job: the <c>.eml</c> outbox (the default e-mail adapter's copy of every message sent) keeps personal data — names,
/// addresses, amounts — so it is not kept for ever: files older than <c>Email:OutboxRetentionDays</c> (90 by default; 0 keeps
/// everything) are deleted. The business record of each sending is the notifier's event (without the body), which stays.
/// Erasing a person also removes their messages at once (see <c>PersonErasure</c>); this job bounds what remains about everyone else.</summary>
internal sealed class OutboxRetention(EmailOptions options, TimeProvider time, ILogger<OutboxRetention> logger) : ScheduledJob(time)
{
    protected override Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (options.OutboxRetentionDays <= 0 || !System.IO.Directory.Exists(options.OutboxFolder))
        {
            return Task.CompletedTask;
        }

        var limit = now.UtcDateTime.AddDays(-options.OutboxRetentionDays);
        var deleted = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(options.OutboxFolder, "*.eml", SearchOption.AllDirectories))
        {
            ct.ThrowIfCancellationRequested();
            if (File.GetLastWriteTimeUtc(file) < limit)
            {
                File.Delete(file);
                deleted++;
            }
        }

        logger.LogInformation("Outbox retention: {Deleted} message(s) older than {Days} days deleted.", deleted, options.OutboxRetentionDays);
        return Task.CompletedTask;
    }
}
