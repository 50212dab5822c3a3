using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.BuildingBlocks.Validation;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Offices.Offices;

/// <summary>The caller's office: read it (with its revision as ETag), change its name/time zone and its legal identity.</summary>
internal static class OfficeEndpoints
{
    public sealed record OfficeResponse(string OfficeId, string Name, string TimeZone, LegalIdentity? Legal, int TermsVersion, long Revision);

    public sealed record UpdateSettingsRequest(string Name, string TimeZone);

    public sealed class UpdateSettingsValidator : AbstractValidator<UpdateSettingsRequest>
    {
        public UpdateSettingsValidator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.TimeZone).NotEmpty().Must(tz => TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
                .WithMessage("Unknown time zone: use an IANA id such as Europe/Paris.");
        }
    }

    public sealed class LegalIdentityValidator : AbstractValidator<LegalIdentity>
    {
        public LegalIdentityValidator()
        {
            RuleFor(l => l.LegalName).NotEmpty().MaximumLength(200);
            RuleFor(l => l.LegalForm).NotEmpty().MaximumLength(100);
            RuleFor(l => l.Siren).Must(Identifiers.IsValidSiren).WithMessage("The SIREN must be 9 digits with a valid check digit.");
            RuleFor(l => l.Siret).Must(s => s is null || Identifiers.IsValidSiret(s))
                .WithMessage("The SIRET must be 14 digits with a valid check digit.")
                .Must((l, s) => s is null || s.StartsWith(l.Siren, StringComparison.Ordinal)).WithMessage("The SIRET must start with the SIREN.");
            RuleFor(l => l.VatNumber).Must(v => v is null || Identifiers.IsValidFrenchVatNumber(v))
                .WithMessage("The VAT number must be FR + 2-digit key + SIREN, with a valid key.")
                .Must((l, v) => v is null || Identifiers.Compact(v)!.EndsWith(l.Siren, StringComparison.Ordinal)).WithMessage("The VAT number must end with the SIREN.");
            RuleFor(l => l.VatNumber).NotEmpty().When(l => !l.VatExempt).WithMessage("A VAT number is required unless the office is VAT-exempt.");
            RuleFor(l => l.Address).NotNull();
            RuleFor(l => l.Address.Street).NotEmpty().When(l => l.Address is not null);
            RuleFor(l => l.Address.PostalCode).Matches("^[0-9]{5}$").When(l => l.Address is { Country: "France" })
                .WithMessage("A French postcode has 5 digits.");
            RuleFor(l => l.Address.City).NotEmpty().When(l => l.Address is not null);
            RuleFor(l => l.Email).EmailAddress().When(l => l.Email is not null);
            RuleFor(l => l.Bank!.Iban).Must(Identifiers.IsValidIban).When(l => l.Bank is not null).WithMessage("The IBAN is not valid (check digits).");
            RuleFor(l => l.Bank!.Bic).Must(b => b is null || Identifiers.IsValidBic(b)).When(l => l.Bank is not null)
                .WithMessage("The BIC must have 8 or 11 characters (e.g. AGRIFRPP).");
            RuleFor(l => l.Bank!.AccountHolder).NotEmpty().When(l => l.Bank is not null);
            RuleFor(l => l.SepaCreditorId).Must(Identifiers.IsValidSepaCreditorId).When(l => l.SepaCreditorId is not null)
                .WithMessage("The SEPA creditor identifier (ICS) is not valid (e.g. FR12ZZZ123456).");
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/office").WithTags("Office");

        group.MapGet("/", async (ICallerContext caller, CommandHandler handler, CancellationToken ct) =>
        {
            var loaded = await handler.LoadAsync(Office.Decider, Office.StreamId(caller.TenantId), caller.TenantId, mustExist: true, ct);
            return Results.Ok(ToResponse(loaded.State, loaded.Revision)).WithRevision(loaded.Revision);
        }).RequireAuthorization("office-read").WithSummary("The caller's office; its ETag is the revision to send back in If-Match.");

        group.MapPut("/settings", async (UpdateSettingsRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var context = caller.ForRequest(http);
            var stream = Office.StreamId(caller.TenantId);
            await handler.HandleAsync(Office.Decider, stream, new RenameOffice(request.Name, time.GetUtcNow()), context, CommandOptions.ExistingStream, ct);
            var result = await handler.HandleAsync(
                Office.Decider, stream, new ChangeTimeZone(request.TimeZone, time.GetUtcNow()), context with { Expected = null }, CommandOptions.ExistingStream, ct);
            return Results.Ok(ToResponse(result.State, result.Revision)).WithRevision(result.Revision);
        }).RequireAuthorization("office-admin").Validate<UpdateSettingsRequest>().Idempotent()
          .WithSummary("Renames the office and sets its time zone (deadlines are calendar dates in that zone).");

        group.MapPut("/legal-identity", async (LegalIdentity request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct) =>
        {
            var normalized = request with
            {
                VatNumber = Identifiers.Compact(request.VatNumber),
                SepaCreditorId = Identifiers.Compact(request.SepaCreditorId),
                Bank = request.Bank is null ? null : request.Bank with { Iban = Identifiers.Compact(request.Bank.Iban)!, Bic = Identifiers.Compact(request.Bank.Bic) },
            };
            var result = await handler.HandleAsync(
                Office.Decider, Office.StreamId(caller.TenantId), new ChangeLegalIdentity(normalized, time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
            return Results.Ok(ToResponse(result.State, result.Revision)).WithRevision(result.Revision);
        }).RequireAuthorization("office-admin").Validate<LegalIdentity>().Idempotent()
          .WithSummary("Sets the legal identity printed on invoices (SIREN/SIRET, VAT number, address, bank details, SEPA creditor id).");
    }

    private static OfficeResponse ToResponse(OfficeState state, long revision) =>
        new(state.OfficeId!, state.Name!, state.TimeZone!, state.Legal, state.LastTermsVersion, revision);
}
