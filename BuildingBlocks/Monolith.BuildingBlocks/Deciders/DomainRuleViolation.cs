namespace Monolith.BuildingBlocks.Deciders;

/// <summary>The one exception type for a broken business rule. <paramref name="Code"/> is stable (e.g. <c>quote.expired</c>);
/// the message is for a clerk (French where it reaches a customer). Maps to 422 problem details, or 409 when <see cref="IsConflict"/>.</summary>
public class DomainRuleViolation(string code, string message, bool isConflict = false) : Exception(message)
{
    public string Code { get; } = code;
    public bool IsConflict { get; } = isConflict;
}

/// <summary>The resource does not exist for this caller (including: it belongs to another tenant). Maps to 404.</summary>
public sealed class NotFoundException(string message) : Exception(message);
