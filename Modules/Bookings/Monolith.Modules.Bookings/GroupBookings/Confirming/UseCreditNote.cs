using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Bookings.Credits;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings.Confirming;

/// <summary>A credit note (avoir) of the same customer pays (part of) the deposit of a later booking, while it is valid: the credit
/// note is debited first (its own stream refuses an expired or insufficient one), then the booking records it — both with ids derived
/// from (booking, credit note), so a retry does nothing twice.</summary>
internal static class UseCreditNote
{
    internal sealed record Request(string CreditNoteId, long? Amount);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.CreditNoteId).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Amount).GreaterThan(0).When(r => r.Amount is not null);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        GroupBookingRoutes.Staff(app).MapPost("/{bookingId}/credit-notes", Handle).RequireAuthorization("office-staff").Validate<Request>().Idempotent()
            .WithName("UseCreditNoteOnGroupBooking").WithSummary("Pays the deposit (or part of it) with a valid credit note of the same customer.");

    internal static async Task<Ok<GroupBookingView>> Handle(string bookingId, Request r, ICallerContext caller, HttpContext http, GroupBookingStore store,
        CommandHandler handler, IOfficeCalendars calendars, TimeProvider time, CancellationToken ct)
    {
        var booking = (await store.LoadAsync(caller.TenantId, bookingId, ct)).State;
        var credit = (await handler.LoadAsync(CreditNote.Decider, CreditNote.StreamId(r.CreditNoteId), caller.TenantId, mustExist: true, ct)).State;
        if (credit.CustomerId != booking.Customer!.CustomerId)
        {
            throw new DomainRuleViolation("credit-note.other-customer", $"L'avoir {credit.Reference} appartient à un autre client.");
        }

        var on = await calendars.TodayAsync(caller.TenantId, ct);
        if (!booking.CreditNotes.ContainsKey(r.CreditNoteId) && (credit.Expired || on >= credit.ExpiresOn))
        {
            throw new DomainRuleViolation(
                "credit-note.expired", $"L'avoir {credit.Reference} n'est plus utilisable depuis le {credit.ExpiresOn:dd/MM/yyyy} (validité de 12 mois à compter du paiement).");
        }

        var amount = r.Amount ?? Math.Min(credit.Remaining, booking.Deposit - booking.CreditApplied);
        var seed = DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"bookings-credit-use/{caller.TenantId}/{bookingId}/{r.CreditNoteId}");
        var context = caller.ForRequest(http) with { Expected = null };
        if (booking.CreditNotes.ContainsKey(r.CreditNoteId))
        {
            return await GroupBookingRoutes.RunAsync(store, caller, http, bookingId, new ApplyCreditNote(r.CreditNoteId, booking.CreditNotes[r.CreditNoteId], on, time.GetUtcNow()), ct);
        }

        if (amount <= 0 || amount > booking.Deposit - booking.CreditApplied || booking.Status != GroupBookingStatus.Signed)
        {
            // Let the booking's decider explain (not signed, deposit already paid, too much).
            return await GroupBookingRoutes.RunAsync(store, caller, http, bookingId, new ApplyCreditNote(r.CreditNoteId, amount, on, time.GetUtcNow()), ct);
        }

        await handler.HandleAsync(CreditNote.Decider, CreditNote.StreamId(r.CreditNoteId), new Credits.UseCreditNote(bookingId, amount, on, time.GetUtcNow()),
            context with { DeterministicIdSeed = DeterministicGuid.Create(seed, "credit") }, CommandOptions.ExistingStream, ct);
        var result = await store.HandleAsync(bookingId, new ApplyCreditNote(r.CreditNoteId, amount, on, time.GetUtcNow()),
            context with { DeterministicIdSeed = DeterministicGuid.Create(seed, "booking") }, ct);
        http.Response.SetRevision(result.Revision);
        return TypedResults.Ok(GroupBookingView.From(result.State, result.Revision));
    }
}
