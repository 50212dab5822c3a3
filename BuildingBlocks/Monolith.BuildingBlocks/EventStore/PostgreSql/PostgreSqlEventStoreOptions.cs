namespace Monolith.BuildingBlocks.EventStore.PostgreSql;

public sealed record PostgreSqlEventStoreOptions
{
    /// <summary>How often a caught-up subscription re-reads the log when no in-process append woke it: this is how appends made by
    /// another host on the same database are seen. <see cref="Timeout.InfiniteTimeSpan"/> disables polling.</summary>
    public TimeSpan SubscriptionPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many events a subscription reads per query.</summary>
    public int SubscriptionBatchSize { get; init; } = 500;
}
