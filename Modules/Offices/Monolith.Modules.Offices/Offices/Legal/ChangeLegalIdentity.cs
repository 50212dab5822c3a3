using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.BuildingBlocks.Validation;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Offices.Offices.Legal;

internal sealed class LegalIdentityValidator : AbstractValidator<LegalIdentity>
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

/// <summary>PUT <c>/api/office/legal-identity</c> (admin): the legal identity printed on invoices, identifiers stored compact.</summary>
internal static class ChangeLegalIdentityEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        OfficeApi.Group(app).MapPut("/legal-identity", Handle)
            .RequireAuthorization("office-admin").Validate<LegalIdentity>().Idempotent().RequireIfMatch()
            .WithSummary("Sets the legal identity printed on invoices (SIREN/SIRET, VAT number, address, bank details, SEPA creditor id).");
    }

    internal static async Task<Ok<OfficeResponse>> Handle(
        LegalIdentity request, ICallerContext caller, HttpContext http, CommandHandler handler, TimeProvider time, CancellationToken ct)
    {
        var result = await handler.HandleAsync(
            Office.Decider, Office.StreamId(caller.TenantId), new ChangeLegalIdentity(Normalize(request), time.GetUtcNow()), caller.ForRequest(http),
            CommandOptions.ExistingStream, ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Ok(OfficeApi.ToResponse(result.State, result.Revision));
    }

    /// <summary>VAT number, SEPA creditor id, IBAN and BIC without spaces (as printed identifiers are compared).</summary>
    internal static LegalIdentity Normalize(LegalIdentity request) => request with
    {
        VatNumber = Identifiers.Compact(request.VatNumber),
        SepaCreditorId = Identifiers.Compact(request.SepaCreditorId),
        Bank = request.Bank is null ? null : request.Bank with { Iban = Identifiers.Compact(request.Bank.Iban)!, Bic = Identifiers.Compact(request.Bank.Bic) },
    };
}
