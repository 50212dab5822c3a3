using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Subscriptions.Subscriptions;
using Monolith.Modules.Subscriptions.Subscriptions.SubscriberNumbers;

namespace Monolith.Host.Tests.Subscriptions;

/// <summary>Ticketing and Bookings ask the subscriber directory whether a number gives the subscriber discount, inside their own
/// commands. The subscriptions read model lags behind the log: a number handed out a second ago must already count, and a user removed a
/// second ago must already not — the subscription's stream decides, the read model only finds the subscription.</summary>
public sealed class SubscriberDirectoryLagTests
{
    [Fact]
    public async Task A_number_the_read_model_has_not_projected_yet_is_known_and_active_from_the_log()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        var today = new DateOnly(2026, 5, 4);
        app.Clock.SetParisMorning(today);
        var (admin, office) = await app.NewOfficeAsync();
        var created = await app.SubscribeAsync(office, await app.CreateOfferAsync(admin, 3), 2);
        var number = created.GetProperty("users")[0].GetProperty("subscriberNumber").GetString()!;

        await using var lagging = await LaggingReadModel.CreateAsync();
        var directory = Over(app, lagging);

        (await directory.CheckAsync(office, number, today)).Should().BeEquivalentTo(new
        {
            Known = true,
            Active = true,
            SubscriptionId = created.GetProperty("subscriptionId").GetString(),
            OrganisationName = "Ville de Caen",
        });
        (await directory.CheckAsync(office, number, today.AddDays(-1))).Active.Should().BeFalse("not yet registered then");
        (await directory.CheckAsync("another-office", number, today)).Known.Should().BeFalse("another office's numbers are unknown");
    }

    [Fact]
    public async Task A_user_removed_in_the_log_but_still_listed_by_the_read_model_is_not_active()
    {
        using var app = new SubscriptionsApp(DateTimeOffset.UtcNow);
        var today = new DateOnly(2026, 5, 4);
        app.Clock.SetParisMorning(today);
        var (admin, office) = await app.NewOfficeAsync();
        var created = await app.SubscribeAsync(office, await app.CreateOfferAsync(admin, 3), 2);
        var id = created.GetProperty("subscriptionId").GetString()!;
        var user = created.GetProperty("users")[1];
        var (accountId, number) = (user.GetProperty("accountId").GetString()!, user.GetProperty("subscriberNumber").GetString()!);

        // The read model as it was before the removal: the user listed, not removed.
        await using var lagging = await LaggingReadModel.CreateAsync();
        await lagging.ExecuteAsync(
            $"INSERT INTO subscriptions_users VALUES ('{id}', '{accountId}', '{office}', 'Utilisateur 2', 'u2@ville.test', '{number}', '2026-05-04', NULL)");
        app.Clock.SetParisMorning(today.AddDays(10));
        await app.Get<CommandHandler>().HandleAsync(Subscription.Decider, Subscription.StreamId(id),
            new RemoveUser(accountId, today.AddDays(10), app.Clock.GetUtcNow()), new CommandContext(office, "manager", Guid.NewGuid()));

        var directory = Over(app, lagging);

        (await directory.CheckAsync(office, number, today.AddDays(10))).Should().BeEquivalentTo(new { Known = true, Active = false });
        (await directory.CheckAsync(office, number, today.AddDays(9))).Active.Should().BeTrue("the user was registered the day before");
    }

    private static SubscriberDirectory Over(SubscriptionsApp app, LaggingReadModel lagging) =>
        new(new SqliteReadModelDatabase(new SqliteConnectionFactory(lagging.Path)), app.Get<CommandHandler>(), app.Get<IEventStore>(), app.Get<EventSerializer>());

    /// <summary>A subscriptions read model that has not projected anything (or only what the test inserts).</summary>
    private sealed class LaggingReadModel : IAsyncDisposable
    {
        private LaggingReadModel(string path) => Path = path;

        public string Path { get; }

        public static async Task<LaggingReadModel> CreateAsync()
        {
            var model = new LaggingReadModel(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lagging-{Guid.NewGuid():N}.db"));
            await model.ExecuteAsync("""
                CREATE TABLE subscriptions_users (subscription_id TEXT, account_id TEXT, office_id TEXT, name TEXT, email TEXT, subscriber_number TEXT,
                    from_date TEXT, removed_on TEXT)
                """);
            return model;
        }

        public async Task ExecuteAsync(string sql)
        {
            await using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        public ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            File.Delete(Path);
            return ValueTask.CompletedTask;
        }
    }
}
