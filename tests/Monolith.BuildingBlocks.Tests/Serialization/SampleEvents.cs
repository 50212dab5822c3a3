using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.BuildingBlocks.Tests.Serialization;

public enum PaymentMethod { Card, BankTransfer }

public sealed record PostalAddress(string Street, string PostalCode, string City);

/// <summary>An event with personal data of every shape: strings, a nested object, a value type; and non-personal amounts and dates.</summary>
public sealed record MemberJoined(
    string MembershipId,
    [DataSubject] string CustomerId,
    [PersonalData] string FullName,
    [PersonalData] string? Email,
    [PersonalData] PostalAddress? Address,
    [PersonalData] DateOnly BirthDate,
    decimal AnnualFee,
    DateOnly StartsOn,
    DateTimeOffset RecordedAt,
    PaymentMethod PaymentMethod);

public sealed record FeeChanged(string MembershipId, decimal AnnualFee);

/// <summary>Current (v3) shape of an event first stored as v1 <c>{ "id", "amount" }</c>, then v2 <c>{ "membershipId", "amount" }</c>.</summary>
public sealed record MembershipRenewed(string MembershipId, decimal AnnualFee, string Currency);

public sealed record WithPersonalDataButNoSubject([PersonalData] string Name);

public sealed record ContactChanged([property: DataSubject] string SubjectId, [property: PersonalData] string Phone, string Reason);

public sealed class FamilyDeclared
{
    [DataSubject]
    public required string CustomerId { get; init; }

    [PersonalData]
    public required int? Children { get; init; }

    [PersonalData]
    public required IReadOnlyList<string> Relatives { get; init; }

    [PersonalData]
    public required int Adults { get; init; }

    public required decimal Fee { get; init; }
}
