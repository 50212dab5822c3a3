using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Billing.Closures;

/// <summary>One closure in the list.</summary>
internal sealed record ClosureSummary(
    string Name, string Kind, string Period, string Label, DateOnly From, DateOnly To, ClosureTotals Totals, PerpetualTotals GrandTotal,
    ChainHead Head, string Signature, DateTimeOffset ClosedAt) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

internal sealed record ClosurePage(IReadOnlyList<ClosureSummary> Items, int Year, int Page, int PageSize, int Total);

/// <summary>GET <c>/api/audit/closures?year=&amp;kind=&amp;page=&amp;pageSize=</c> (accountants, administrators): the office's closures of a
/// fiscal year, newest first; GET <c>/api/audit/closures/{year}/{name}</c>: the signed closure document (JSON, exactly the archived bytes;
/// its signature in <c>X-Closure-Signature</c>).</summary>
internal static class ClosureEndpoints
{
    public const string SignatureHeader = "X-Closure-Signature";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit/closures").WithTags("Audit").RequireAuthorization(PlatformPolicies.Accountant);
        group.MapGet("", ListAsync).WithName("ListClosures")
            .WithSummary("The office's daily, monthly and yearly closures of a fiscal year (totals, perpetual grand total, chain head, signature).");
        group.MapGet("/{year:int}/{name}", DownloadAsync).WithName("DownloadClosure")
            .WithSummary("The signed closure document (JSON) as archived; the signature (ecdsa-p256-sha256:base64 DER, or the hex HMAC of closures signed before) is in X-Closure-Signature.");
    }

    internal static async Task<Results<Ok<ClosurePage>, ProblemHttpResult>> ListAsync(
        ICallerContext caller, IEventStore store, EventSerializer serializer, TimeProvider time, CancellationToken ct,
        int? year = null, string? kind = null, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > 500)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Pagination invalide : page ≥ 1, taille de page entre 1 et 500.");
        }

        ClosureKind? wanted = null;
        if (kind is not null)
        {
            if (!Enum.TryParse<ClosureKind>(kind, ignoreCase: true, out var parsed) || int.TryParse(kind, out _))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Type de clôture inconnu : day, month ou year.");
            }

            wanted = parsed;
        }

        var fiscalYear = year ?? time.GetUtcNow().Year;
        var all = (await ReadAsync(caller.TenantId, fiscalYear, store, serializer, ct))
            .Where(c => wanted is null || c.Kind == wanted)
            .Reverse()
            .ToList();
        var items = all.Skip((page - 1) * pageSize).Take(pageSize).Select(c => new ClosureSummary(
            c.FileName, c.Kind.ToString().ToLowerInvariant(), c.Period, c.Label, c.From, c.To, c.Totals, c.GrandTotal, c.Head, c.Signature, c.ClosedAt)).ToList();
        return TypedResults.Ok(new ClosurePage(items, fiscalYear, page, pageSize, all.Count));
    }

    internal static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(
        int year, string name, ICallerContext caller, IEventStore store, EventSerializer serializer, HttpContext http, CancellationToken ct)
    {
        var closure = (await ReadAsync(caller.TenantId, year, store, serializer, ct)).FirstOrDefault(c => c.FileName == name);
        if (closure is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers[SignatureHeader] = closure.Signature;
        return TypedResults.File(Encoding.UTF8.GetBytes(ClosureDocument.Of(closure).ToJson()), "application/json", $"cloture-{caller.TenantId}-{closure.FileName}.json");
    }

    private static async Task<IReadOnlyList<PeriodClosed>> ReadAsync(string officeId, int year, IEventStore store, EventSerializer serializer, CancellationToken ct)
    {
        var closures = new List<PeriodClosed>();
        foreach (var recorded in await store.ReadStreamAsync(PeriodClosures.StreamId(officeId, year), ReadDirection.Forwards, null, int.MaxValue, ct))
        {
            if (recorded.Metadata.TenantId != officeId)
            {
                throw new NotFoundException("Not found.");
            }

            if ((await serializer.DeserializeAsync(recorded, ct)).Event is PeriodClosed closed)
            {
                closures.Add(closed);
            }
        }

        return closures;
    }
}
