using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.BuildingBlocks.Validation;
using Monolith.Modules.Marina.Portal;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Marina.Mandates.Signing;

/// <summary>The SEPA Core recurrent mandate (seed: "MANDAT DE PRELEVEMENT SEPA"): signed by the holder on the portal, or recorded by the
/// harbour office from a paper form. The RUM is generated and reserved for the office; the creditor is the office (its legal name and
/// ICS, which must be valid); the debtor's name, address, IBAN (ISO 13616: length per country, mod 97) and BIC (optional) are checked.
/// Replacing the IBAN later is an amendment of the same mandate.</summary>
internal static class SignMandate
{
    public sealed record SignMandateRequest(string? ContractId, string DebtorName, string AddressLine1, string AddressLine2, string? Country, string Iban, string? Bic,
        DateOnly? SignedOn);

    public sealed record ReplaceAccountRequest(string Iban, string? Bic);

    public sealed record MandateView(
        string MandateId, string Rum, string Kind, string CreditorName, string CreditorId, string DebtorName, DebtorAddress? DebtorAddress, string Iban, string? Bic,
        DateOnly SignedOn, string? ContractId, string Status, DateOnly LastUsedOn, DateOnly LapsesOn, string NextSequence, string DebtorRights);

    public sealed class Validator : AbstractValidator<SignMandateRequest>
    {
        public Validator()
        {
            RuleFor(r => r.DebtorName).NotEmpty().MaximumLength(70).WithMessage("Nom du débiteur obligatoire (70 caractères au plus).");
            RuleFor(r => r.AddressLine1).NotEmpty().MaximumLength(70).WithMessage("Adresse du débiteur : numéro et rue (70 caractères au plus).");
            RuleFor(r => r.AddressLine2).NotEmpty().MaximumLength(70).WithMessage("Adresse du débiteur : code postal et ville (70 caractères au plus).");
            RuleFor(r => r.Country).Matches("^[A-Z]{2}$").When(r => r.Country is not null).WithMessage("Pays : code ISO à deux lettres (FR).");
            RuleFor(r => r.Iban).Must(Identifiers.IsValidIban).WithMessage("L'IBAN n'est pas valide : vérifiez sa longueur et ses chiffres de contrôle.");
            RuleFor(r => r.Bic).Must(b => b is null || Identifiers.IsValidBic(b)).WithMessage("Le BIC n'est pas valide : 8 ou 11 caractères (ex. AGRIFRPP).");
        }
    }

    public sealed class ReplaceValidator : AbstractValidator<ReplaceAccountRequest>
    {
        public ReplaceValidator()
        {
            RuleFor(r => r.Iban).Must(Identifiers.IsValidIban).WithMessage("L'IBAN n'est pas valide : vérifiez sa longueur et ses chiffres de contrôle.");
            RuleFor(r => r.Bic).Must(b => b is null || Identifiers.IsValidBic(b)).WithMessage("Le BIC n'est pas valide : 8 ou 11 caractères (ex. AGRIFRPP).");
        }
    }

    public static MandateView View(MandateState s) => new(
        s.MandateId!, s.Rum, "Prélèvement récurrent (SEPA Core)", s.CreditorName, s.CreditorId, s.DebtorName, s.DebtorAddress, s.Iban, s.Bic, s.SignedOn, s.ContractId,
        s.Status == MandateStatus.Lapsed ? "lapsed" : "active", s.LastUsedOn, s.LapsesOn, s.NextSequence.ToString(), Mandate.DebtorRights);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/marina/portal/mandates", (SignMandateRequest request, ICallerContext caller, HttpContext http, CommandHandler handler, IOfficeDirectory offices,
                IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) => SignAsync(PortalCaller.HolderId(caller), request, caller, http, handler, offices, calendars, time, ct))
            .RequireAuthorization("customer").Validate<SignMandateRequest>().Idempotent().WithTags("Marina — holder portal").WithName("MarinaPortalSignMandate")
            .WithSummary("The holder signs a recurrent SEPA Core mandate: RUM generated, creditor = the office (ICS), debtor name and address, IBAN, BIC.");

        app.MapPost("/api/marina/holders/{holderId}/mandates", (string holderId, SignMandateRequest request, ICallerContext caller, HttpContext http,
                CommandHandler handler, IOfficeDirectory offices, IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) =>
                SignAsync(holderId, request, caller, http, handler, offices, calendars, time, ct))
            .RequireAuthorization("office-staff").Validate<SignMandateRequest>().Idempotent().WithTags("Marina — mandates").WithName("MarinaRecordMandate")
            .WithSummary("Records a mandate the holder signed on paper (signature date given).");

        app.MapPut("/api/marina/portal/mandates/{mandateId}/account", (string mandateId, ReplaceAccountRequest request, ICallerContext caller, HttpContext http,
                CommandHandler handler, IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) => ReplaceAsync(mandateId, PortalCaller.HolderId(caller), request, caller, http, handler, calendars, time, ct))
            .RequireAuthorization("customer").Validate<ReplaceAccountRequest>().Idempotent().RequireIfMatch().WithTags("Marina — holder portal").WithName("MarinaPortalReplaceAccount")
            .WithSummary("Replaces the IBAN (and BIC) of the mandate: an amendment — same mandate, same RUM, same contract; the next debit announces it.");

        app.MapPut("/api/marina/mandates/{mandateId}/account", (string mandateId, ReplaceAccountRequest request, ICallerContext caller, HttpContext http,
                CommandHandler handler, IOfficeCalendars calendars, TimeProvider time, CancellationToken ct) => ReplaceAsync(mandateId, null, request, caller, http, handler, calendars, time, ct))
            .RequireAuthorization("office-staff").Validate<ReplaceAccountRequest>().Idempotent().RequireIfMatch().WithTags("Marina — mandates").WithName("MarinaReplaceAccount")
            .WithSummary("Replaces the IBAN of a mandate (amendment).");

        app.MapGet("/api/marina/mandates/{mandateId}", (string mandateId, ICallerContext caller, HttpContext http, CommandHandler handler, CancellationToken ct) =>
                GetAsync(mandateId, null, caller, http, handler, ct))
            .RequireAuthorization("office-read").WithTags("Marina — mandates").WithName("MarinaGetMandate");

        app.MapGet("/api/marina/portal/mandates/{mandateId}", (string mandateId, ICallerContext caller, HttpContext http, CommandHandler handler, CancellationToken ct) =>
                GetAsync(mandateId, PortalCaller.HolderId(caller), caller, http, handler, ct))
            .RequireAuthorization("customer").WithTags("Marina — holder portal").WithName("MarinaPortalGetMandate")
            .WithSummary("The mandate with the debtor's rights (refund within 8 weeks; 13 months for an unauthorised debit).");
    }

    private static async Task<Created<MandateView>> SignAsync(string holderId, SignMandateRequest request, ICallerContext caller, HttpContext http,
        CommandHandler handler, IOfficeDirectory offices, IOfficeCalendars calendars, TimeProvider time, CancellationToken ct)
    {
        var office = caller.TenantId;
        await handler.LoadAsync(Holders.Holder.Decider, Holders.Holder.StreamId(holderId), office, mustExist: true, ct);
        var legal = (await offices.GetOfficeAsync(office, ct))?.Legal;
        if (legal?.SepaCreditorId is not { } ics || !Identifiers.IsValidSepaCreditorId(ics))
        {
            throw new DomainRuleViolation("mandate.creditor-id-invalid",
                "Le port n'a pas d'identifiant créancier SEPA (ICS) valide : le prélèvement n'est pas encore possible. Contactez la capitainerie.");
        }

        var signedOn = request.SignedOn ?? await calendars.TodayAsync(office, ct);
        var key = http.Request.Headers[Idempotency.HeaderName].ToString();
        var mandateId = string.IsNullOrEmpty(key)
            ? Guid.NewGuid().ToString("N")
            : DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"marina-mandate/{office}/{holderId}/{key}").ToString("N");
        var rum = await ReserveRumAsync(handler, office, mandateId, signedOn.Year, time.GetUtcNow(), ct);
        var result = await handler.HandleAsync(Mandate.For(office), Mandate.StreamId(mandateId),
            new Mandates.SignMandate(mandateId, holderId, request.ContractId, rum, ics, legal.LegalName, request.DebtorName,
                new DebtorAddress(request.AddressLine1.Trim(), request.AddressLine2.Trim(), request.Country ?? "FR"), request.Iban, request.Bic, signedOn, time.GetUtcNow()),
            caller.ForRequest(http) with { Expected = null }, ct: ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Created($"/api/marina/mandates/{mandateId}", View(result.State));
    }

    /// <summary>A fresh RUM reserved for this mandate in the office (a collision — 80 random bits — just draws again).</summary>
    internal static async Task<string> ReserveRumAsync(CommandHandler handler, string office, string mandateId, int year, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var rum = RumRegister.NewRum(year);
            try
            {
                await handler.HandleAsync(RumRegister.Decider, RumRegister.StreamId(office, rum), new ReserveRum(rum, mandateId, now),
                    new CommandContext(office, "marina", Guid.NewGuid()), ct: ct);
                return rum;
            }
            catch (DomainRuleViolation e) when (e.Code == "mandate.rum-taken" && attempt < 5)
            {
            }
        }
    }

    private static async Task<Ok<MandateView>> ReplaceAsync(string mandateId, string? holderId, ReplaceAccountRequest request, ICallerContext caller, HttpContext http,
        CommandHandler handler, IOfficeCalendars calendars, TimeProvider time, CancellationToken ct)
    {
        await LoadAsync(mandateId, holderId, caller, handler, ct);
        var result = await handler.HandleAsync(Mandate.For(caller.TenantId), Mandate.StreamId(mandateId),
            new ReplaceAccount(request.Iban, request.Bic, await calendars.TodayAsync(caller.TenantId, ct), time.GetUtcNow()), caller.ForRequest(http), CommandOptions.ExistingStream, ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Ok(View(result.State));
    }

    private static async Task<Ok<MandateView>> GetAsync(string mandateId, string? holderId, ICallerContext caller, HttpContext http, CommandHandler handler,
        CancellationToken ct)
    {
        var loaded = await LoadAsync(mandateId, holderId, caller, handler, ct);
        http.Response.SetRevision(loaded.Revision);
        return TypedResults.Ok(View(loaded.State));
    }

    private static async Task<StreamState<MandateState>> LoadAsync(string mandateId, string? holderId, ICallerContext caller, CommandHandler handler, CancellationToken ct)
    {
        var loaded = await handler.LoadAsync(Mandate.For(caller.TenantId), Mandate.StreamId(mandateId), caller.TenantId, mustExist: true, ct);
        return holderId is not null && loaded.State.HolderId != holderId ? throw new NotFoundException("Mandat introuvable.") : loaded;
    }
}
