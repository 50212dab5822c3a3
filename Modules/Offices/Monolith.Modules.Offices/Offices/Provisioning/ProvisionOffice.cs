using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Users;

namespace Monolith.Modules.Offices.Offices.Provisioning;

internal sealed record ProvisionOfficeRequest(string OfficeId, string Name, string? TimeZone, string AdminEmail, string AdminName, string AdminPassword);

internal sealed record ProvisionOfficeResponse(string OfficeId, string AdminUserId);

internal sealed class ProvisionOfficeValidator : AbstractValidator<ProvisionOfficeRequest>
{
    public ProvisionOfficeValidator()
    {
        RuleFor(r => r.OfficeId).NotEmpty().Matches("^[a-z0-9][a-z0-9-]{1,62}$")
            .WithMessage("The office id is 2 to 63 lower-case letters, digits or dashes (e.g. ot-caen).");
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.TimeZone).Must(tz => tz is null || TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
            .WithMessage("Unknown time zone: use an IANA id such as Europe/Paris.");
        RuleFor(r => r.AdminEmail).NotEmpty().EmailAddress();
        RuleFor(r => r.AdminName).NotEmpty().MaximumLength(200);
        RuleFor(r => r.AdminPassword).AcceptablePassword(r => r.AdminEmail);
    }
}

/// <summary>POST <c>/api/platform/offices</c>: creating offices (tenants) is the platform operator's job, not an office's. The endpoint
/// exists only when <c>Platform:ProvisioningKey</c> is configured, and the caller must send that key in <c>X-Provisioning-Key</c>.</summary>
internal static class ProvisionOfficeEndpoint
{
    public const string KeyHeader = "X-Provisioning-Key";
    public const string KeySetting = "Platform:ProvisioningKey";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/platform/offices", Handle).AllowAnonymous().Validate<ProvisionOfficeRequest>().WithTags("Platform")
            .WithSummary("Creates an office (tenant) and its first administrator (platform operators only).");
    }

    internal static async Task<Results<Created<ProvisionOfficeResponse>, ProblemHttpResult>> Handle(
        ProvisionOfficeRequest request, HttpContext http, IConfiguration configuration, OfficeProvisioning offices, CancellationToken ct)
    {
        var expected = configuration[KeySetting];
        if (string.IsNullOrEmpty(expected))
        {
            throw new NotFoundException("Office provisioning is not enabled on this server.");
        }

        var given = http.Request.Headers[KeyHeader].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "A valid provisioning key is required.");
        }

        var (officeId, adminId) = await offices.ProvisionAsync(
            new OfficeProvisioning.NewOffice(request.OfficeId, request.Name, Monolith.Modules.Offices.Contracts.OfficeCalendar.ZoneOf(request.TimeZone), request.AdminEmail, request.AdminName, request.AdminPassword),
            "platform",
            ct);
        return TypedResults.Created("/api/office", new ProvisionOfficeResponse(officeId, adminId));
    }
}

/// <summary>Creates an office (tenant) with its first administrator (the provisioning endpoint and the demo office on first start).</summary>
internal sealed class OfficeProvisioning(CommandHandler handler, UserService users, TimeProvider time)
{
    public sealed record NewOffice(string OfficeId, string Name, string TimeZone, string AdminEmail, string AdminName, string AdminPassword);

    /// <summary>The first admin's id is derived from the office id, so a retried provisioning finds the same user.</summary>
    public static string FirstAdminId(string officeId) =>
        DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"offices/{officeId}/first-admin").ToString("N");

    public async Task<(string OfficeId, string AdminUserId)> ProvisionAsync(NewOffice office, string actor, CancellationToken ct = default, bool platformOperator = false)
    {
        var context = new CommandContext(office.OfficeId, actor, Guid.NewGuid());
        await handler.HandleAsync(
            Office.Decider, Office.StreamId(office.OfficeId), new RegisterOffice(office.OfficeId, office.Name, office.TimeZone, time.GetUtcNow()), context, ct: ct);

        var adminId = FirstAdminId(office.OfficeId);
        await users.RegisterAsync(
            new UserService.NewUser(adminId, office.AdminEmail, office.AdminName, platformOperator ? [Roles.OfficeAdmin, Roles.PlatformOperator] : [Roles.OfficeAdmin], null, office.AdminPassword), context, ct);
        return (office.OfficeId, adminId);
    }
}
