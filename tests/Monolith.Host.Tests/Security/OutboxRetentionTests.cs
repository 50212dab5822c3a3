using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Email;
using Monolith.Host.Tests.Offices;
using Monolith.Modules.Offices.Privacy;

namespace Monolith.Host.Tests.Security;

/// <summary>The .eml outbox keeps personal data: the daily retention job deletes messages older than the configured days and keeps
/// the recent ones.</summary>
public sealed class OutboxRetentionTests(OfficesApp app) : IClassFixture<OfficesApp>
{
    [Fact]
    public async Task Messages_older_than_the_retention_are_deleted_and_recent_ones_kept()
    {
        var options = app.Get<EmailOptions>();
        var folder = Path.Combine(options.OutboxFolder, $"retention-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var now = new DateTimeOffset(2026, 11, 30, 3, 30, 0, TimeSpan.Zero);
        var old = Path.Combine(folder, "old.eml");
        var recent = Path.Combine(folder, "recent.eml");
        await File.WriteAllTextAsync(old, "To: anne@example.test\r\n\r\nBonjour");
        await File.WriteAllTextAsync(recent, "To: paul@example.test\r\n\r\nBonjour");
        File.SetLastWriteTimeUtc(old, now.UtcDateTime.AddDays(-options.OutboxRetentionDays - 1));
        File.SetLastWriteTimeUtc(recent, now.UtcDateTime.AddDays(-options.OutboxRetentionDays + 1));

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxRetention>().RunAtAsync(now);
        }

        File.Exists(old).Should().BeFalse("it is older than the retention");
        File.Exists(recent).Should().BeTrue("it is still within the retention");
    }
}
