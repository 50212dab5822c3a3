namespace Monolith.BuildingBlocks.EventStore;

/// <summary>Checks every adapter makes the same way before writing.</summary>
internal static class AppendRules
{
    public static void ValidateBatch(string streamId, IReadOnlyList<EventData> events)
    {
        var ids = new HashSet<Guid>();
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            ArgumentException.ThrowIfNullOrEmpty(e.Type, nameof(events));
            ArgumentNullException.ThrowIfNull(e.Data, nameof(events));
            ArgumentNullException.ThrowIfNull(e.Metadata, nameof(events));
            ArgumentNullException.ThrowIfNull(e.Metadata.TenantId, nameof(events));
            if (e.EventId == Guid.Empty)
            {
                throw new ArgumentException("Every event needs a non-empty id.", nameof(events));
            }

            if (!ids.Add(e.EventId))
            {
                throw new DuplicateEventIdException(streamId, e.EventId, null, "appears twice in the batch");
            }
        }
    }

    public static void CheckExpectation(string streamId, ExpectedRevision expected, long lastRevision)
    {
        var ok = expected.Kind switch
        {
            ExpectedRevision.ExpectationKind.Any => true,
            ExpectedRevision.ExpectationKind.NoStream => lastRevision < 0,
            ExpectedRevision.ExpectationKind.StreamExists => lastRevision >= 0,
            ExpectedRevision.ExpectationKind.Exact => lastRevision == expected.Value,
            _ => throw new ArgumentOutOfRangeException(nameof(expected), expected.Kind, "Unknown expectation."),
        };
        if (!ok)
        {
            throw new WrongExpectedRevisionException(streamId, expected, lastRevision);
        }
    }
}
