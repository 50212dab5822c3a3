namespace Monolith.Modules.Marina.Contracts;

/// <summary>A berth free for a visitor on a date: no contract on it that season, or its holder declared an absence covering the date.</summary>
public sealed record FreeBerth(string BerthId, string Pontoon, string Number, string Category, int MaxLengthCm, int MaxBeamCm, bool HolderAway);

/// <summary>Query door of the Marina module (e.g. for a future visitors' booking module).</summary>
public interface IMarinaDirectory
{
    /// <summary>The office's berths free for a visitor on <paramref name="on"/>, by pontoon and number.</summary>
    Task<IReadOnlyList<FreeBerth>> GetFreeBerthsAsync(string officeId, DateOnly on, CancellationToken ct = default);
}
