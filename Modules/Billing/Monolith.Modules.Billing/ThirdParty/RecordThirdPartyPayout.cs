using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Projections;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Modules.Billing.ThirdParty;

/// <summary>A payout of third-party funds to a provider: <paramref name="PayoutId"/> null = a new id (derived from the Idempotency-Key);
/// <paramref name="Reference"/>: the transfer's or cheque's reference.</summary>
internal sealed record RecordThirdPartyPayoutRequest(string? PayoutId, long Amount, DateOnly PaidOn, PaymentMethod Method, string? Reference = null);

/// <summary>A payout recorded, and what the office still owes the provider after it (collected − credited − paid out, all time).</summary>
internal sealed record ThirdPartyPayoutView(string PayoutId, string ProviderId, string ProviderName, long Amount, DateOnly PaidOn, PaymentMethod Method, long OwedAfter) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

internal sealed class RecordThirdPartyPayoutValidator : AbstractValidator<RecordThirdPartyPayoutRequest>
{
    public RecordThirdPartyPayoutValidator()
    {
        RuleFor(r => r.PayoutId).MaximumLength(100);
        RuleFor(r => r.Amount).GreaterThan(0).WithMessage("Le montant du reversement doit être positif.");
        RuleFor(r => r.Method).IsInEnum().Must(m => m is PaymentMethod.BankTransfer or PaymentMethod.Cheque or PaymentMethod.Cash)
            .WithMessage("Un reversement se fait par virement, chèque ou espèces.");
        RuleFor(r => r.Reference).MaximumLength(200);
    }
}

/// <summary>POST <c>/api/billing/third-party/providers/{providerId}/payouts</c> (staff, Idempotency-Key): records a payout of the funds
/// collected for the provider (FEC: 467 against bank 512 or cash 530). Never more than what is owed (422); a payout dated in the future
/// or on a closed day is refused.</summary>
internal static class RecordThirdPartyPayoutEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapPost("/third-party/providers/{providerId}/payouts", HandleAsync)
            .RequireAuthorization(PlatformPolicies.OfficeStaff).Validate<RecordThirdPartyPayoutRequest>().Idempotent().WithName("RecordThirdPartyPayout")
            .WithSummary("Records a payout to a partner provider of the third-party funds collected for it (never more than what is owed).");

    internal static async Task<Results<Created<ThirdPartyPayoutView>, Ok<ThirdPartyPayoutView>>> HandleAsync(
        string providerId, RecordThirdPartyPayoutRequest request, ICallerContext caller, HttpContext http, ThirdPartyPayoutRecorder payouts, CancellationToken ct)
    {
        var (view, created) = await payouts.RecordAsync(caller.ForRequest(http), providerId, request, ct);
        return created
            ? TypedResults.Created($"/api/billing/third-party/providers/{Uri.EscapeDataString(providerId)}/statement", view)
            : TypedResults.Ok(view);
    }
}

/// <summary>Appends a payout to the provider's payouts stream, checked against the net amount collected for it (read model) less what
/// the stream already paid out. The read model is first brought up to the log as it is when the payout is asked (ADR 0025): a credit
/// note on the provider's lines appended a moment before must lower what is owed.</summary>
internal sealed class ThirdPartyPayoutRecorder(
    CommandHandler handler, ThirdPartyLedger ledger, BillingOffices offices, Closures.ClosedPeriods closures, TimeProvider time, IEventStore store, IProjectionAdmin projections)
{
    /// <summary>How long a payout waits for billing's read models to apply the log before answering "réessayez".</summary>
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(5);

    public async Task<(ThirdPartyPayoutView View, bool Created)> RecordAsync(
        CommandContext context, string providerId, RecordThirdPartyPayoutRequest request, CancellationToken ct = default)
    {
        var officeId = context.TenantId;
        var today = await offices.TodayAsync(officeId, ct);
        await closures.EnsureOpenAsync(officeId, today, ct); // recorded today, which must not be closed (ADR 0021)
        if (request.PaidOn > today)
        {
            throw new DomainRuleViolation("third-party.payout-in-future", "La date du reversement ne peut pas être postérieure à aujourd'hui.");
        }

        if (!await projections.WaitForPositionAsync(await store.GetHeadPositionAsync(ct), CatchUpBound, ct))
        {
            throw new DomainRuleViolation("third-party.ledger-catching-up",
                "Les encaissements du prestataire sont en cours de mise à jour : réessayez le reversement dans un instant.", isConflict: true);
        }

        // A stopped projection is not waited for (an event of it is parked): its figures may miss a credit note.
        if ((await projections.GetStatusesAsync(ct)).FirstOrDefault(s => s.Name == ThirdPartyFundsProjection.ProjectionName) is { Status: not SubscriberStatus.Running })
        {
            throw new DomainRuleViolation("third-party.ledger-stopped",
                "Le suivi des fonds encaissés pour le compte de tiers est arrêté : un administrateur doit le relancer avant tout reversement.", isConflict: true);
        }

        var provider = await ledger.ProviderAsync(officeId, providerId.Trim(), ct: ct)
            ?? throw new NotFoundException("Aucune somme n'a été encaissée pour ce prestataire.");
        var payoutId = string.IsNullOrWhiteSpace(request.PayoutId) ? IdempotencyScope.NewId() : request.PayoutId.Trim();
        var result = await handler.HandleAsync(
            ThirdPartyPayouts.For(officeId),
            ThirdPartyPayouts.StreamId(officeId, provider.ProviderId),
            new RecordThirdPartyPayout(
                payoutId, new ThirdPartyProvider(provider.ProviderId, provider.Name, provider.Siren), request.Amount, request.PaidOn, request.Method,
                string.IsNullOrWhiteSpace(request.Reference) ? null : request.Reference.Trim(), provider.Collected - provider.Credited, time.GetUtcNow()),
            context with { Expected = null },
            ct: ct);
        var owed = provider.Collected - provider.Credited - result.State.PaidOut;
        return (new ThirdPartyPayoutView(payoutId, provider.ProviderId, provider.Name, request.Amount, request.PaidOn, request.Method, owed), result.NewEvents.Count > 0);
    }
}
