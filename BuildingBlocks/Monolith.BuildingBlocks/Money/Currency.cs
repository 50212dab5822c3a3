namespace Monolith.BuildingBlocks.Money;

/// <summary>The currencies an amount can be in. Every amount is integer cents; an office's books are in euros only.</summary>
public static class Currencies
{
    /// <summary>ISO 4217 code of the euro, the <c>currency</c> of every API resource that carries amounts.</summary>
    public const string Euro = "EUR";
}

/// <summary>An API resource (or list row) that carries money amounts: it says their currency once, as <c>currency</c> (see docs/api.md,
/// "Vocabulary"). Implement it with <c>public string Currency => Currencies.Euro;</c>.</summary>
public interface IHasCurrency
{
    string Currency { get; }
}
