using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Marina.Downloads;

/// <summary>The download area: staff publish and withdraw the port's documents; holders list and download them on the portal. Read model
/// <c>marina_documents</c> (no content: the file is read from the document's stream).</summary>
internal static class DownloadArea
{
    public sealed record PublishRequest(string Title, string Category, string FileName, string ContentType, string ContentBase64);

    public sealed record DocumentView(string DocumentId, string Title, string Category, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset PublishedAt);

    public sealed class Validator : AbstractValidator<PublishRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Title).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Category).Must(c => PortDocument.Categories.Contains(c)).WithMessage("Catégorie : reglement, tarifs, tutoriel ou autre.");
            RuleFor(r => r.FileName).NotEmpty().MaximumLength(200).Matches(@"^[^/\\]+$");
            RuleFor(r => r.ContentType).NotEmpty().MaximumLength(100);
            RuleFor(r => r.ContentBase64).NotEmpty().Must(b => b is null || b.Length <= (PortDocument.MaxSize * 4 / 3) + 4).WithMessage("Le document dépasse 5 Mo.");
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/marina/documents").WithTags("Marina — download area");
        staff.MapPost("/", async Task<Results<Created<DocumentView>, ProblemHttpResult>> (PublishRequest request, ICallerContext caller, HttpContext http,
            CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            byte[] content;
            try
            {
                content = Convert.FromBase64String(request.ContentBase64);
            }
            catch (FormatException)
            {
                return TypedResults.Problem(PlatformProblems.Validation(new Dictionary<string, string[]> { ["contentBase64"] = ["Contenu base64 illisible."] }));
            }

            var documentId = Guid.NewGuid().ToString("N");
            var result = await handler.HandleAsync(PortDocument.Decider, PortDocument.StreamId(documentId),
                new PublishDocument(documentId, request.Title, request.Category, request.FileName, request.ContentType, content, time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            var d = result.State.Current!;
            return TypedResults.Created($"/api/marina/documents/{documentId}", new DocumentView(documentId, d.Title, d.Category, d.FileName, d.ContentType, d.Size, d.Sha256, d.PublishedAt));
        }).RequireAuthorization("office-staff").Validate<PublishRequest>().Idempotent().WithName("MarinaPublishDocument")
          .WithSummary("Publishes a document in the portal's download area (rules, price list, tutorial), base64, at most 5 MB.");

        staff.MapDelete("/{documentId}", async Task<NoContent> (string documentId, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time,
            CancellationToken ct) =>
        {
            await handler.HandleAsync(PortDocument.Decider, PortDocument.StreamId(documentId), new WithdrawDocument(time.GetUtcNow()), caller.ForRequest(http),
                CommandOptions.ExistingStream, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization("office-staff").WithName("MarinaWithdrawDocument").WithSummary("Withdraws a document from the portal.");

        app.MapGet("/api/marina/portal/documents", async Task<Ok<Paged<DocumentView>>> (string? category, int? page, int? pageSize, ICallerContext caller,
            IReadModelDatabase connections, CancellationToken ct) =>
        {
            await using var connection = await connections.OpenAsync(ct);
            var rows = await ListQuery.PageAsync<DocumentRow>(
                connection,
                """
                document_id AS DocumentId, title AS Title, category AS Category, file_name AS FileName, content_type AS ContentType, size AS Size, sha256 AS Sha256,
                published_at AS PublishedAt
                """,
                "FROM marina_documents WHERE office_id = @office AND withdrawn = 0 AND (@category IS NULL OR category = @category)",
                "category, title, document_id",
                new { office = caller.TenantId, category = ListFilters.OneOf(category, "category", PortDocument.Categories) },
                page,
                pageSize);
            return TypedResults.Ok(rows.Map(r => new DocumentView(r.DocumentId, r.Title, r.Category, r.FileName, r.ContentType, r.Size, r.Sha256,
                DateTimeOffset.Parse(r.PublishedAt, System.Globalization.CultureInfo.InvariantCulture))));
        }).RequireAuthorization("customer").WithTags("Marina — holder portal").WithName("MarinaPortalDocuments").WithListFilter("category", PortDocument.Categories)
          .WithSummary("The port's documents (download area), paged, by category then title: category.");

        app.MapGet("/api/marina/portal/documents/{documentId}", async Task<FileContentHttpResult> (string documentId, ICallerContext caller, CommandHandler handler,
            CancellationToken ct) =>
        {
            var state = (await handler.LoadAsync(PortDocument.Decider, PortDocument.StreamId(documentId), caller.TenantId, mustExist: true, ct)).State;
            if (state.Withdrawn || state.Current is not { } d)
            {
                throw new NotFoundException("Ce document n'est plus disponible.");
            }

            return TypedResults.File(Convert.FromBase64String(d.ContentBase64), d.ContentType, d.FileName);
        }).RequireAuthorization("customer").WithTags("Marina — holder portal").WithName("MarinaPortalDownloadDocument").WithSummary("Downloads one of the port's documents.");
    }

    /// <summary>A row as stored (integers whatever width the engine returns: Dapper converts into properties).</summary>
    private sealed class DocumentRow
    {
        public string DocumentId { get; set; } = "";

        public string Title { get; set; } = "";

        public string Category { get; set; } = "";

        public string FileName { get; set; } = "";

        public string ContentType { get; set; } = "";

        public long Size { get; set; }

        public string Sha256 { get; set; } = "";

        public string PublishedAt { get; set; } = "";
    }
}

internal sealed class DownloadAreaProjection : IProjection
{
    public string Name => "marina.documents";

    public bool Handles(string eventType) => eventType is "marina.document-published" or "marina.document-withdrawn";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case DocumentPublished p:
                await ctx.Connection.ExecuteAsync(
                    """
                    INSERT INTO marina_documents (office_id, document_id, title, category, file_name, content_type, size, sha256, published_at, withdrawn)
                    VALUES (@office, @DocumentId, @Title, @Category, @FileName, @ContentType, @Size, @Sha256, @At, 0)
                    ON CONFLICT (office_id, document_id) DO UPDATE SET title = excluded.title, category = excluded.category, file_name = excluded.file_name,
                        content_type = excluded.content_type, size = excluded.size, sha256 = excluded.sha256, published_at = excluded.published_at, withdrawn = 0
                    """,
                    new { office, p.DocumentId, p.Title, p.Category, p.FileName, p.ContentType, p.Size, p.Sha256, At = p.PublishedAt.ToString("O") }, ctx.Transaction);
                break;
            case DocumentWithdrawn w:
                await ctx.Connection.ExecuteAsync("UPDATE marina_documents SET withdrawn = 1 WHERE office_id = @office AND document_id = @DocumentId",
                    new { office, w.DocumentId }, ctx.Transaction);
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) => ctx.Connection.ExecuteAsync("DELETE FROM marina_documents;", transaction: ctx.Transaction);
}
