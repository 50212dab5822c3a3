using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Marina.Downloads;

// A document of the port's download area ("ESPACE DE TELECHARGEMENT": rules, price list, the portal tutorial...): stream
// "marina-document-{documentId}". The file travels in the event (base64, at most 5 MB): the log stays the only store, and a republished
// version is a new event. Withdrawn documents stay in the history but leave the portal.

internal abstract record PortDocumentCommand;
internal sealed record PublishDocument(string DocumentId, string Title, string Category, string FileName, string ContentType, byte[] Content, DateTimeOffset At)
    : PortDocumentCommand;
internal sealed record WithdrawDocument(DateTimeOffset At) : PortDocumentCommand;

internal abstract record PortDocumentEvent(string DocumentId);
internal sealed record DocumentPublished(string DocumentId, string Title, string Category, string FileName, string ContentType, long Size, string Sha256,
    string ContentBase64, DateTimeOffset PublishedAt) : PortDocumentEvent(DocumentId);
internal sealed record DocumentWithdrawn(string DocumentId, DateTimeOffset WithdrawnAt) : PortDocumentEvent(DocumentId);

internal sealed record PortDocumentState(DocumentPublished? Current, bool Withdrawn);

internal static class PortDocument
{
    public const long MaxSize = 5 * 1024 * 1024;

    public static readonly IReadOnlyList<string> Categories = ["reglement", "tarifs", "tutoriel", "autre"];

    public static string StreamId(string documentId) => $"marina-document-{documentId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(DocumentPublished)] = "marina.document-published",
        [typeof(DocumentWithdrawn)] = "marina.document-withdrawn",
    };

    public static readonly Decider<PortDocumentCommand, PortDocumentEvent, PortDocumentState> Decider = new(Decide, Evolve, new PortDocumentState(null, false));

    internal static IReadOnlyList<PortDocumentEvent> Decide(PortDocumentCommand command, PortDocumentState state) => command switch
    {
        PublishDocument c when c.Content.LongLength is 0 or > MaxSize =>
            throw new DomainRuleViolation("document.size", "Le document doit faire entre 1 octet et 5 Mo."),
        PublishDocument c when Sha(c.Content) == state.Current?.Sha256 && c.Title == state.Current.Title && !state.Withdrawn => [],
        PublishDocument c => [new DocumentPublished(c.DocumentId, c.Title.Trim(), c.Category, c.FileName.Trim(), c.ContentType, c.Content.LongLength, Sha(c.Content),
            Convert.ToBase64String(c.Content), c.At)],
        WithdrawDocument when state.Current is null => throw new NotFoundException("Document introuvable."),
        WithdrawDocument when state.Withdrawn => [],
        WithdrawDocument c => [new DocumentWithdrawn(state.Current.DocumentId, c.At)],
        _ => throw new DomainRuleViolation("document.invalid-command", "Opération impossible sur le document."),
    };

    internal static PortDocumentState Evolve(PortDocumentState state, PortDocumentEvent @event) => @event switch
    {
        DocumentPublished e => new PortDocumentState(e, false),
        DocumentWithdrawn => state with { Withdrawn = true },
        _ => state,
    };

    private static string Sha(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
}
