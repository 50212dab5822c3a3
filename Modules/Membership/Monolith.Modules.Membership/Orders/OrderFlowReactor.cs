using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;

namespace Monolith.Modules.Membership.Orders;

/// <summary>The order's process manager (at-least-once; every step idempotent):
/// <list type="bullet">
/// <item><c>order-submitted</c> → finish the validation if the request that submitted it died before (stock, number, confirmation);</item>
/// <item><c>order-validated</c> → invoice through billing (card: hosted payment page), confirmation e-mail with the order form;</item>
/// <item><c>order-finalised</c> → the "check your published information" request and its e-mail.</item>
/// </list>
/// A broken business rule (e.g. the office has no legal identity yet, so billing cannot invoice) is logged and left to
/// <see cref="Jobs.OrderFlowSafetyNet"/>, which retries what is missing, rather than parking the event and stopping the reactor.
/// Payment is not watched: <see cref="Finalising.FinaliseOrderOnInvoiceSettled"/> reacts to billing's published fact.</summary>
internal sealed partial class OrderFlowReactor(ILogger<OrderFlowReactor> logger) : IReactor
{
    public string Name => "membership.order-flow";

    public bool Handles(string eventType) => eventType is "membership.order-submitted" or "membership.order-validated" or "membership.order-finalised";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct)
    {
        var tenantId = e.Metadata.TenantId;
        var decoded = await scopedServices.GetRequiredService<IEventDecoder>().DecodeAsync(e, ct);
        try
        {
            switch (decoded)
            {
                case OrderSubmitted s:
                    await scopedServices.GetRequiredService<OrderValidation>()
                        .CompleteAsync(tenantId, s.OrderId, CommandContexts.ForSystem(tenantId, "membership", e.EventId), ct);
                    break;
                case OrderValidated v:
                    await scopedServices.GetRequiredService<OrderInvoicing>().InvoiceAsync(tenantId, v.OrderId, ct);
                    break;
                case OrderFinalised f:
                    await scopedServices.GetRequiredService<OrderInvoicing>().RequestInformationCheckAsync(tenantId, f.OrderId, ct);
                    break;
            }
        }
        catch (DomainRuleViolation violation)
        {
            LogRuleViolation(logger, e.Type, e.StreamId, violation.Code, violation.Message);
        }
        catch (NotFoundException missing)
        {
            LogRuleViolation(logger, e.Type, e.StreamId, "not-found", missing.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Membership reaction to {Type} on {Stream} refused by a rule ({Code}: {Reason}); the order-flow safety net retries what is missing")]
    private static partial void LogRuleViolation(ILogger logger, string type, string stream, string code, string reason);
}
