using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Marina.Mandates;
using Monolith.Modules.Marina.Shared;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Marina.DirectDebits.Running;

/// <summary>What follows a run's events, in the mandates and in billing (at-least-once, every step idempotent):
/// <list type="bullet">
/// <item>sealed → each mandate records its debit (sequence type, last use) and billing records a <b>pending</b> SEPA payment
/// <c>sdd-{debitId}</c> (it does not count yet);</item>
/// <item>settled (collection date) → billing receives the payment and allocates it to the invoice;</item>
/// <item>rejected/returned → billing fails the pending payment, or returns the received one (the invoice's balance is open again); the
/// mandate notes the rejection (a rejected first debit is presented as FRST again); the office is e-mailed.</item>
/// </list></summary>
internal sealed partial class DebitFollowUp(ILogger<DebitFollowUp> logger) : IReactor
{
    public string Name => "marina.debit-follow-up";

    public bool Handles(string eventType) => eventType is "marina.debit-run-sealed" or "marina.debit-settled" or "marina.debit-rejected";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider services, CancellationToken ct)
    {
        var officeId = e.Metadata.TenantId;
        var handler = services.GetRequiredService<CommandHandler>();
        var billing = services.GetRequiredService<IBillingService>();
        var time = services.GetRequiredService<TimeProvider>();
        try
        {
            switch (await services.GetRequiredService<IEventDecoder>().DecodeAsync(e, ct))
            {
                case DebitRunSealed s:
                    var run = (await handler.LoadAsync(DebitRun.For(officeId, s.CollectionDate), e.StreamId, officeId, mustExist: true, ct)).State;
                    foreach (var sealedDebit in s.Debits)
                    {
                        var d = run.Debits.First(x => x.DebitId == sealedDebit.DebitId);
                        await handler.HandleAsync(Mandate.For(officeId), Mandate.StreamId(d.MandateId),
                            new RecordDebit(d.DebitId, s.CollectionDate, sealedDebit.Sequence, time.GetUtcNow()),
                            CommandContexts.ForSystem(officeId, "marina", e.EventId, DeterministicGuid.Create(e.EventId, $"mandate-debited/{d.DebitId}")),
                            CommandOptions.ExistingStream, ct);
                        await billing.RecordPaymentAsync(officeId, new RecordPaymentRequest(DebitRun.PaymentId(d.DebitId), d.HolderId,
                            new PaymentDetails(PaymentMethod.SepaDirectDebit, MandateReference: d.Rum), d.Amount, null, []), ct);
                    }

                    break;
                case DebitSettled s:
                    var settledRun = (await handler.LoadAsync(DebitRun.For(officeId, s.CollectionDate), e.StreamId, officeId, mustExist: true, ct)).State;
                    var debit = settledRun.Debits.First(x => x.DebitId == s.DebitId);
                    var balance = (await billing.GetPaymentRequestAsync(officeId, debit.InvoiceId, ct))?.Amount ?? 0;
                    await billing.SettlePaymentAsync(officeId, debit.HolderId, DebitRun.PaymentId(debit.DebitId), s.SettledOn,
                        balance > 0 ? [new PaymentAllocationRequest(debit.InvoiceId, Math.Min(balance, debit.Amount))] : [], ct);
                    break;
                case DebitRejected r:
                    await RejectedAsync(services, officeId, r, e.EventId, ct);
                    break;
            }
        }
        catch (Exception ex) when (ex is DomainRuleViolation or NotFoundException)
        {
            LogRefused(logger, e.Type, e.StreamId, ex.Message);
        }
    }

    private static async Task RejectedAsync(IServiceProvider services, string officeId, DebitRejected r, Guid eventId, CancellationToken ct)
    {
        var handler = services.GetRequiredService<CommandHandler>();
        var billing = services.GetRequiredService<IBillingService>();
        var time = services.GetRequiredService<TimeProvider>();
        var reason = $"Prélèvement rejeté : {r.ReasonCode} — {r.Reason}";
        if (r.WasSettled)
        {
            await billing.ReturnPaymentAsync(officeId, r.HolderId, DebitRun.PaymentId(r.DebitId), reason, await services.GetRequiredService<IOfficeCalendars>().DateOfAsync(officeId, r.RejectedAt, ct), ct);
        }
        else
        {
            await billing.FailPaymentAsync(officeId, r.HolderId, DebitRun.PaymentId(r.DebitId), reason, ct);
        }

        var run = (await handler.LoadAsync(DebitRun.For(officeId, r.CollectionDate), DebitRun.StreamId(officeId, r.CollectionDate), officeId, mustExist: true, ct)).State;
        var mandateId = run.Debits.First(d => d.DebitId == r.DebitId).MandateId;
        await handler.HandleAsync(Mandate.For(officeId), Mandate.StreamId(mandateId), new RecordDebitRejected(r.DebitId, time.GetUtcNow()),
            CommandContexts.ForSystem(officeId, "marina", eventId, DeterministicGuid.Create(eventId, "mandate-debit-rejected")), CommandOptions.ExistingStream, ct);

        var office = await Office(services, officeId, ct);
        if (office?.Legal?.Email is { } to)
        {
            var holder = (await handler.LoadAsync(Holders.Holder.Decider, Holders.Holder.StreamId(r.HolderId), officeId, ct: ct)).State;
            await services.GetRequiredService<INotifier>().SendAsync(new NotificationRequest(officeId, $"marina/debit/{r.DebitId}/rejected", "marina.debit-rejected", new
            {
                r.InvoiceNumber,
                Amount = Euros.Format(r.Amount),
                CollectionDate = Day.French(r.CollectionDate),
                HolderName = holder.Name,
                Rum = r.MandateReference,
                r.ReasonCode,
                r.Reason,
                r.WasSettled,
            }, [to]), ct);
        }
    }

    private static Task<OfficeProfile?> Office(IServiceProvider services, string officeId, CancellationToken ct) =>
        services.GetRequiredService<IOfficeDirectory>().GetOfficeAsync(officeId, ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marina debit follow-up of {Type} on {Stream} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string type, string stream, string reason);
}
