using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Ticketing.Orders;
using Monolith.Modules.Ticketing.Sessions;
using Monolith.Modules.Ticketing.Tickets;

namespace Monolith.Modules.Ticketing.Admissions.Scanning;

/// <summary>Entry control (role <c>scanner</c>): the QR code is read at a gate. A forged code, another office's ticket, a ticket for
/// another session or a refunded one is refused; the first scan admits and is recorded (time, gate, scanner); any later scan is
/// refused with the first scan's time and gate. Offline scanners upload their scans later (<see cref="UploadOfflineScans"/>): the
/// first scan still wins by scan time.</summary>
internal static class ScanTicketEndpoint
{
    public sealed record ScanRequest(string Token, string SessionId, string Gate, DateTimeOffset? ScannedAt = null);

    public sealed record ScanResult(
        string Outcome,
        string Message,
        string? TicketId,
        long? Number,
        string? Category,
        string? Seat,
        string? Holder,
        string? ProofRequired,
        DateTimeOffset? FirstScannedAt,
        string? FirstGate);

    public sealed class Validator : AbstractValidator<ScanRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Token).NotEmpty().MaximumLength(300);
            RuleFor(r => r.SessionId).NotEmpty().MaximumLength(60);
            RuleFor(r => r.Gate).NotEmpty().MaximumLength(60);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/ticketing/scans", HandleAsync).RequireAuthorization(PlatformPolicies.Scanner).Validate<ScanRequest>()
            .WithTags("Ticketing — entrance").WithName("ScanTicket")
            .WithSummary("Scans a ticket at a gate: admitted once; later scans refused with the first scan's time and gate.");

    internal static async Task<Ok<ScanResult>> HandleAsync(ScanRequest body, HttpContext http, ICallerContext caller, CancellationToken ct)
    {
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return TypedResults.Ok(await ScanAsync(http.RequestServices, caller, body, body.ScannedAt ?? now, offline: false, now, ct));
    }

    internal static async Task<ScanResult> ScanAsync(IServiceProvider services, ICallerContext caller, ScanRequest body, DateTimeOffset scannedAt, bool offline, DateTimeOffset now, CancellationToken ct)
    {
        var tokens = services.GetRequiredService<TicketToken>();
        var handler = services.GetRequiredService<CommandHandler>();
        if (!tokens.TryVerify(body.Token, out var officeId, out var ticketId) || officeId != caller.TenantId
            || !TicketToken.TryParseTicketId(ticketId, out var orderId, out _))
        {
            return Refused("Billet non reconnu : ce code n'a pas été émis par notre billetterie.");
        }

        var order = (await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), caller.TenantId, ct: ct)).State;
        var ticket = order.Tickets?.Tickets.FirstOrDefault(t => t.TicketId == ticketId);
        if (ticket is null)
        {
            return Refused("Billet non reconnu : ce code n'a pas été émis par notre billetterie.");
        }

        var line = order.Placed!.Lines[ticket.Line];
        var holder = order.HolderOf(ticket.Line);
        var admitsTo = order.AdmitsTo(ticket.SessionId); // a postponed session's ticket admits to the new date
        if (admitsTo != body.SessionId)
        {
            return new ScanResult("refused", admitsTo != ticket.SessionId
                ? $"Cette séance a été reportée : le billet est valable pour la nouvelle date ({line.ShowName})."
                : $"Ce billet est pour une autre séance ({line.ShowName}).", ticketId, ticket.Number, line.CategoryLabel, ticket.Seat, holder, null, null, null);
        }

        if (order.Refunds.Any(r => r.SessionId == ticket.SessionId))
        {
            return new ScanResult("refused", "Billet annulé et remboursé : il ne donne plus accès.", ticketId, ticket.Number, line.CategoryLabel, ticket.Seat, holder, null, null, null);
        }

        var result = await handler.HandleAsync(Admission.Decider, Admission.StreamId(ticketId),
            new ScanTicket(ticketId, admitsTo, scannedAt, body.Gate.Trim(), caller.UserId, offline, now),
            new CommandContext(caller.TenantId, caller.UserId, Guid.NewGuid()), new CommandOptions(MaxRetries: 10), ct);
        var first = result.State.First!;
        var admitted = result.NewEvents.Any(e => e is TicketAdmitted or EarlierScanRecorded)
            || (result.NewEvents.Count == 0 && first.At == scannedAt && first.Gate == body.Gate.Trim());
        return admitted
            ? new ScanResult("admitted", holder is null ? "Entrée autorisée." : $"Entrée autorisée — billet nominatif : {holder} (pièce d'identité).",
                ticketId, ticket.Number, line.CategoryLabel, ticket.Seat, holder, line.ProofRequired, first.At, first.Gate)
            : new ScanResult("refused", $"Billet déjà utilisé : scanné le {first.At:dd/MM/yyyy} à {first.At:HH:mm:ss} (UTC), entrée « {first.Gate} ».",
                ticketId, ticket.Number, line.CategoryLabel, ticket.Seat, holder, null, first.At, first.Gate);
    }

    private static ScanResult Refused(string message) => new("refused", message, null, null, null, null, null, null, null, null);
}
