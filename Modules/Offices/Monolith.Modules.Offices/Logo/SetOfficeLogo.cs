using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Offices.Logo;

/// <summary>POST <c>/api/office/logo</c> (office admin): the request body is the image itself (PNG or JPEG, at most 200 KB), checked by
/// its magic bytes; it replaces the previous logo. DELETE removes it; GET returns it. 422 in French for anything else.</summary>
internal static class SetOfficeLogo
{
    public sealed record OfficeLogoResponse(string ContentType, int Bytes, string Sha256);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/office/logo").WithTags("Office");

        group.MapPost("/", async Task<Ok<OfficeLogoResponse>> (HttpRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time,
            CancellationToken ct) =>
        {
            var bytes = await ReadAsync(request, ct);
            var result = await handler.HandleAsync(
                OfficeLogoStream.Decider, OfficeLogoStream.StreamId(caller.TenantId), new SetLogo(caller.TenantId, bytes, time.GetUtcNow()),
                caller.ForRequest(http), ct: ct);
            var state = result.State;
            return TypedResults.Ok(new OfficeLogoResponse(state.ContentType!, bytes.Length, state.Sha256!));
        }).RequireAuthorization("office-admin").Accepts<byte[]>("image/png", "image/jpeg").ProducesProblem(StatusCodes.Status422UnprocessableEntity)
          .WithName("SetOfficeLogo")
          .WithSummary("Sets the office's logo (body: the PNG or JPEG image, at most 200 KB), printed in the header of every document it issues.");

        group.MapGet("/", async Task<Results<FileContentHttpResult, NotFound>> (ICallerContext caller, OfficeLogos logos, CancellationToken ct) =>
            await logos.GetAsync(caller.TenantId, ct) is { } logo ? TypedResults.File(logo.Bytes, logo.ContentType) : TypedResults.NotFound())
          .RequireAuthorization("office-read").WithName("GetOfficeLogo").WithSummary("The office's logo image (404 when none is set).");

        group.MapDelete("/", async Task<NoContent> (ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            await handler.HandleAsync(
                OfficeLogoStream.Decider, OfficeLogoStream.StreamId(caller.TenantId), new RemoveLogo(time.GetUtcNow()), caller.ForRequest(http), ct: ct);
            return TypedResults.NoContent();
        }).RequireAuthorization("office-admin").WithName("RemoveOfficeLogo").WithSummary("Removes the office's logo: documents print none.");
    }

    /// <summary>The body, at most <see cref="OfficeLogoStream.MaxBytes"/> + 1 bytes read (enough to refuse a larger image).</summary>
    private static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length <= OfficeLogoStream.MaxBytes && (read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0
            ? throw new DomainRuleViolation("office.logo-invalid", "Envoyez l'image du logo (PNG ou JPEG) dans le corps de la demande.")
            : buffer.ToArray();
    }
}
