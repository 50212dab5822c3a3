using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.Modules.Offices.Offices;

namespace Monolith.Modules.Offices.Provisioning;

/// <summary>Creating offices (tenants) is the platform operator's job, not an office's: the endpoint exists only when
/// <c>Platform:ProvisioningKey</c> is configured, and the caller must send that key in <c>X-Provisioning-Key</c>.</summary>
internal static class ProvisioningEndpoints
{
    public const string KeyHeader = "X-Provisioning-Key";
    public const string KeySetting = "Platform:ProvisioningKey";

    public sealed record ProvisionOfficeRequest(string OfficeId, string Name, string? TimeZone, string AdminEmail, string AdminName, string AdminPassword);

    public sealed record ProvisionOfficeResponse(string OfficeId, string AdminUserId);

    public sealed class ProvisionOfficeValidator : AbstractValidator<ProvisionOfficeRequest>
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

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/platform/offices", async (ProvisionOfficeRequest request, HttpContext http, IConfiguration configuration, OfficeService offices, CancellationToken ct) =>
        {
            var expected = configuration[KeySetting];
            if (string.IsNullOrEmpty(expected))
            {
                throw new NotFoundException("Office provisioning is not enabled on this server.");
            }

            var given = http.Request.Headers[KeyHeader].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "A valid provisioning key is required.");
            }

            var (officeId, adminId) = await offices.ProvisionAsync(
                new OfficeService.NewOffice(request.OfficeId, request.Name, request.TimeZone ?? "Europe/Paris", request.AdminEmail, request.AdminName, request.AdminPassword),
                "platform",
                ct);
            return Results.Created("/api/office", new ProvisionOfficeResponse(officeId, adminId));
        }).AllowAnonymous().Validate<ProvisionOfficeRequest>().WithTags("Platform")
          .WithSummary("Creates an office (tenant) and its first administrator (platform operators only).");
    }
}
