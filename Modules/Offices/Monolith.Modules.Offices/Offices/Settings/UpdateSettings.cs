using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.Modules.Offices.Offices.Settings;

internal sealed record UpdateSettingsRequest(string Name, string TimeZone);

internal sealed class UpdateSettingsValidator : AbstractValidator<UpdateSettingsRequest>
{
    public UpdateSettingsValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.TimeZone).NotEmpty().Must(tz => TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
            .WithMessage("Unknown time zone: use an IANA id such as Europe/Paris.");
    }
}

/// <summary>PUT <c>/api/office/settings</c> (admin): renames the office and sets its time zone.</summary>
internal static class UpdateSettingsEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        OfficeApi.Group(app).MapPut("/settings", Handle)
            .RequireAuthorization("office-admin").Validate<UpdateSettingsRequest>().Idempotent().RequireIfMatch()
            .WithSummary("Renames the office and sets its time zone (deadlines are calendar dates in that zone).");
    }

    internal static async Task<Ok<OfficeResponse>> Handle(
        UpdateSettingsRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct)
    {
        var context = caller.ForRequest(http);
        var stream = Office.StreamId(caller.TenantId);
        await handler.HandleAsync(Office.Decider, stream, new RenameOffice(request.Name, time.GetUtcNow()), context, CommandOptions.ExistingStream, ct);
        var result = await handler.HandleAsync(
            Office.Decider, stream, new ChangeTimeZone(request.TimeZone, time.GetUtcNow()), context with { Expected = null }, CommandOptions.ExistingStream, ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Ok(OfficeApi.ToResponse(result.State, result.Revision));
    }
}
