using Microsoft.Data.Sqlite;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.EventStore.Sqlite;
using Monolith.BuildingBlocks.Facts;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Membership.Campaigns;
using Monolith.Modules.Membership.Contracts.Facts;
using Monolith.Modules.Membership.Orders.Portal;
using Monolith.Testing;
using static Monolith.Modules.Tests.Membership.SeedCatalogue;

namespace Monolith.Modules.Tests.Membership;

/// <summary>A member starts an order in "the open campaign". The campaigns read model lags behind the log (a campaign opened a second
/// ago is not projected yet; one closed a second ago still reads as open): the open year is decided from the campaign streams.</summary>
public sealed class OpenCampaignLagTests : IAsyncDisposable
{
    private const string Office = "ot-caen";
    private readonly TempDatabase _db = new();
    private readonly ManualTimeProvider _time = new(At);
    private readonly CommandHandler _handler;

    public OpenCampaignLagTests()
    {
        var registry = new EventTypeRegistry().Register(Campaign.EventNames).Register(PublishedFacts.Names(MembershipFacts.All));
        var serializer = new EventSerializer(registry, new PersonalDataProtector(new SqliteDataSubjectKeyStore(_db.Connections, PersonalDataOptions.Development(), _time)));
        _handler = new CommandHandler(new SqliteEventStore(_db.Connections, _time), serializer);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_campaign_opened_but_not_yet_projected_is_the_open_campaign()
    {
        await CreateReadModelAsync();
        await OpenAsync(Year);

        var year = await MemberPortal.OpenYearAsync(Office, new SqliteReadModelDatabase(_db.Connections), _handler, _time, CancellationToken.None);

        year.Should().Be(Year);
    }

    [Fact]
    public async Task A_campaign_the_read_model_still_shows_open_but_closed_in_the_log_is_not_the_open_campaign()
    {
        await CreateReadModelAsync((Year, "open"));
        await OpenAsync(Year);
        await _handler.HandleAsync(Campaign.Decider, Campaign.StreamId(Office, Year), new CloseCampaign(At), Context());

        var act = () => MemberPortal.OpenYearAsync(Office, new SqliteReadModelDatabase(_db.Connections), _handler, _time, CancellationToken.None);

        await act.Should().ThrowAsync<NotFoundException>().WithMessage("Aucune campagne d'adhésion n'est ouverte.");
    }

    private static CommandContext Context() => new(Office, "staff", Guid.NewGuid());

    private async Task OpenAsync(int year)
    {
        var stream = Campaign.StreamId(Office, year);
        await _handler.HandleAsync(Campaign.Decider, stream, new CreateCampaign(year, $"Campagne d'adhésion {year}", At), Context());
        await _handler.HandleAsync(Campaign.Decider, stream, new AddProduct(Cotisation, At), Context());
        await _handler.HandleAsync(Campaign.Decider, stream, new OpenCampaign(At), Context());
    }

    /// <summary>The campaigns read model as a lagging projection left it: the table with the given rows only.</summary>
    private async Task CreateReadModelAsync(params (int Year, string Status)[] rows)
    {
        await using var connection = new SqliteConnection(_db.Connections.ConnectionString);
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE membership_campaigns (office_id TEXT, year INTEGER, name TEXT, status TEXT)";
        await create.ExecuteNonQueryAsync();
        foreach (var (year, status) in rows)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO membership_campaigns (office_id, year, name, status) VALUES ($office, $year, 'Campagne', $status)";
            insert.Parameters.AddWithValue("$office", Office);
            insert.Parameters.AddWithValue("$year", year);
            insert.Parameters.AddWithValue("$status", status);
            await insert.ExecuteNonQueryAsync();
        }
    }
}
