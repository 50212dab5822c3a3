using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Contracts;

namespace Monolith.Modules.Ticketing.Orders.Invoicing;

/// <summary>After the sale is committed (<c>ticketing.order-placed</c>), billing issues the order's invoice — payable on receipt — and
/// the order records it. Tickets at their face value and VAT rate (5.5 % live show, 10 % site, 20 % other), one line per show, session,
/// category and rate; handling fees on a line of their own at 20 % (they are not part of the face value and are never refunded).
/// Tickets of a show organised by a partner are sold in the partner's name (<see cref="InvoiceLineRequest.OnBehalfOf"/>): third-party
/// funds owed to the organiser, not the office's revenue (ADR 0022); the handling fees stay the office's own.
/// Idempotent: billing returns the invoice already issued for the same order; the order ignores a second attachment.</summary>
internal sealed class InvoiceOnOrderPlaced : IReactor
{
    public const string SourceModule = "ticketing";

    public string Name => "ticketing.invoice-on-order-placed";

    public bool Handles(string eventType) => eventType == "ticketing.order-placed";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider scopedServices, CancellationToken ct)
    {
        if (await scopedServices.GetRequiredService<IEventDecoder>().DecodeAsync(e, ct) is not OrderPlaced placed || placed.Total == 0)
        {
            return;
        }

        var office = e.Metadata.TenantId;
        var billing = scopedServices.GetRequiredService<IBillingService>();
        var zone = await scopedServices.GetRequiredService<OfficeClock>().RequireOfficeAsync(office, ct);
        var handler = scopedServices.GetRequiredService<CommandHandler>();
        var organisers = await OrganisersAsync(handler, office, placed.Lines.Select(l => l.ShowId), ct);
        var invoice = await billing.IssueInvoiceAsync(office, new IssueInvoiceRequest(
            SourceModule,
            placed.OrderId,
            new BillingCustomer(placed.BuyerId, CustomerKind.Consumer, placed.Buyer.Name,
                new BillingAddress(placed.Buyer.Street ?? "", placed.Buyer.PostalCode ?? "", placed.Buyer.City ?? ""), placed.Buyer.Email, DataSubjectId: placed.BuyerId),
            Lines(placed, zone, organisers),
            Label: "Billetterie — commande " + placed.OrderId[..8].ToUpperInvariant(),
            PaymentTermDays: 0), ct);
        await handler.HandleAsync(TicketOrder.Decider, TicketOrder.StreamId(placed.OrderId), new AttachInvoice(invoice.InvoiceId, invoice.Number),
            CommandContexts.ForSystem(office, Name, e.EventId, e.EventId), CommandOptions.ExistingStream, ct);
    }

    /// <summary>The partner organisers of the shows (a show the office organises itself is absent).</summary>
    internal static async Task<IReadOnlyDictionary<string, ThirdPartyProvider>> OrganisersAsync(
        CommandHandler handler, string office, IEnumerable<string> showIds, CancellationToken ct)
    {
        var organisers = new Dictionary<string, ThirdPartyProvider>(StringComparer.Ordinal);
        foreach (var showId in showIds.Distinct(StringComparer.Ordinal))
        {
            var show = (await handler.LoadAsync(Shows.Show.Decider, Shows.Show.StreamId(showId), office, ct: ct)).State;
            if (show.Definition?.Organiser.AsProvider() is { } provider)
            {
                organisers[showId] = provider;
            }
        }

        return organisers;
    }

    internal static IReadOnlyList<InvoiceLineRequest> Lines(OrderPlaced placed, string zone, IReadOnlyDictionary<string, ThirdPartyProvider>? organisers = null)
    {
        var lines = placed.Lines
            .GroupBy(l => (l.SessionId, l.ShowId, l.ShowName, l.StartsAt, l.CategoryLabel, l.RateLabel, l.FaceValue, l.VatBasisPoints))
            .Where(g => g.Key.FaceValue > 0)
            .Select(g => new InvoiceLineRequest(
                $"Billet « {g.Key.ShowName} » du {OfficeClock.Local(g.Key.StartsAt, zone).ToString("dd/MM/yyyy 'à' HH'h'mm", CultureInfo.GetCultureInfo("fr-FR"))} — {g.Key.CategoryLabel}, {g.Key.RateLabel}",
                g.Count(), g.Key.FaceValue, VatRate.Of(g.Key.VatBasisPoints), DateOnly.FromDateTime(OfficeClock.Local(g.Key.StartsAt, zone)),
                organisers?.GetValueOrDefault(g.Key.ShowId)))
            .ToList();
        var fees = placed.Lines.Where(l => l.Fee > 0).GroupBy(l => l.Fee).ToList();
        foreach (var fee in fees)
        {
            lines.Add(new InvoiceLineRequest("Frais de traitement (non remboursables)", fee.Count(), fee.Key, VatRate.Standard));
        }

        return lines;
    }
}
