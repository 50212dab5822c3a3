using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.Bundles;

/// <summary>What the paid-invoice e-mail and its document show.</summary>
internal sealed record BundlePaidModel(string Office, string Name, string Reference, string Title, string InvoiceNumber, long Total, DateOnly PaidOn, int Visits,
    IReadOnlyList<BundlePaidLine> Items);

internal sealed record BundlePaidLine(string Label, int Quantity, long UnitPriceTtc, long Total);

/// <summary><c>bundle-paid</c> of a deferred-payment bundle → the paid invoice (facture acquittée, PDF when the server prints) e-mailed to
/// the customer, once (business key <c>bookings/bundle-{id}/paid</c>). An upfront bundle's invoice was already e-mailed by billing.</summary>
internal sealed class BundlePaidMail : IReactor
{
    public string Name => "bookings.bundle-paid-mail";

    public bool Handles(string eventType) => eventType == "bookings.bundle-paid";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider services, CancellationToken ct)
    {
        if (await services.GetRequiredService<IEventDecoder>().DecodeAsync(e, ct) is not BundlePaid paid)
        {
            return;
        }

        var tenant = e.Metadata.TenantId;
        var s = (await services.GetRequiredService<CommandHandler>().LoadAsync(Bundle.Decider, Bundle.StreamId(paid.BundleId), tenant, ct: ct)).State;
        if (!s.Exists || s.Payment != BundlePayment.Deferred || string.IsNullOrWhiteSpace(s.Customer?.Email))
        {
            return;
        }

        var office = await services.GetRequiredService<IOfficeDirectory>().GetOfficeAsync(tenant, ct);
        var model = new BundlePaidModel(office?.Legal?.LegalName ?? office?.Name ?? "L'office de tourisme", s.Customer.Name, s.Reference, s.Title, s.InvoiceNumber ?? "—",
            s.Total, paid.On, s.Visits.Count, [.. s.Items.Select(i => new BundlePaidLine(i.Label, i.Quantity, i.UnitPriceTtc, checked(i.Quantity * i.UnitPriceTtc)))]);
        var document = await services.GetRequiredService<Documents.BookingDocuments>().RenderAsync(tenant, "bookings.bundle-paid-invoice", model,
            $"facture-acquittee-{s.InvoiceNumber ?? s.Reference}".Replace('/', '-'), ct);
        var result = await services.GetRequiredService<INotifier>().SendAsync(new NotificationRequest(
            tenant, $"bookings/bundle-{paid.BundleId}/paid", "bookings.bundle-paid-email", model, [s.Customer.Email], [document.Attachment()]), ct);
        if (result.Outcome == NotificationOutcome.Failed)
        {
            throw new InvalidOperationException($"E-mail bookings.bundle-paid-email for bundle {paid.BundleId} failed: {result.Error}");
        }
    }
}
