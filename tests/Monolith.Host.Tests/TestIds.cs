namespace Monolith.Host.Tests;

/// <summary>Unique ids for test data sent to the API. Letters only: a GUID's hex can hold 13 or more digits in a row that pass the Luhn
/// check, and the card-number guard rightly refuses a request carrying one (in an e-mail address, a reference, an id) — a 400 in about
/// one run in twenty once hundreds of such values are sent.</summary>
internal static class TestIds
{
    /// <summary>32 lowercase letters (a–p), as unique as a GUID.</summary>
    public static string Letters() => string.Concat(Guid.NewGuid().ToString("N").Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))));
}
