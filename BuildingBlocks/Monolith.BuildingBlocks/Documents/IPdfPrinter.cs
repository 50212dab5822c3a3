namespace Monolith.BuildingBlocks.Documents;

/// <summary>Prints a whole HTML document (from <see cref="IDocumentRenderer"/>) to PDF. Billing provides it (headless chromium);
/// <see cref="IsAvailable"/> is false when the server cannot print, and callers fall back to the HTML.</summary>
public interface IPdfPrinter
{
    bool IsAvailable { get; }

    Task<byte[]> PrintAsync(string html, CancellationToken ct = default);
}
