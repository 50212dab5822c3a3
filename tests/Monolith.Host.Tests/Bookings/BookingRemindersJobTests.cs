namespace Monolith.Host.Tests.Bookings;

/// <summary>The daily bookings job on the real host and its SQLite read models.</summary>
public class BookingRemindersJobTests
{
    [Fact]
    public async Task On_a_day_with_nothing_due_the_job_runs_without_error()
    {
        // Regression: the scan once selected a constant column ('quote' AS Kind); on an empty result SQLite reports such a column as a
        // blob and Dapper refused to map it, so the job failed every day nothing was due.
        await using var app = new BookingsApp(new DateOnly(2026, 5, 4));
        await app.NewOfficeAsync("zonza");

        var run = () => app.RunJobAsync();

        await run.Should().NotThrowAsync();
    }
}
