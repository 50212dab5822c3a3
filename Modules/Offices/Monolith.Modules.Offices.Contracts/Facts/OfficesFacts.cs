using Monolith.BuildingBlocks.Facts;

namespace Monolith.Modules.Offices.Contracts.Facts;

/// <summary>A new version of the office's terms of sale was published (the office is the event's tenant). Read its text and settings
/// through <see cref="IOfficeDirectory.GetTermsVersionAsync"/>; <paramref name="Settings"/> are the values other modules read
/// (deadlines, fees, rates).</summary>
public sealed record TermsOfSalePublished(int Version, string Title, IReadOnlyDictionary<string, string> Settings, DateOnly EffectiveFrom, DateTimeOffset PublishedAt)
    : IIntegrationEvent
{
    public const string WireName = "offices.published-new-terms-of-sale";
}

/// <summary>Every fact Offices publishes (for <c>m.Publishes(OfficesFacts.All)</c>).</summary>
public static class OfficesFacts
{
    public static readonly Type[] All = [typeof(TermsOfSalePublished)];
}
