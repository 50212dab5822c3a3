using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.Modules.Membership.Orders;
using Monolith.Testing;
using static Monolith.Modules.Tests.Membership.SeedCatalogue;

namespace Monolith.Modules.Tests.Membership;

/// <summary>Card orders keep billing's provider reference and hosted page on <c>membership.invoice-attached</c>; the events stored by the
/// former flow (Membership's own fake provider) stay registered and readable: events are never rewritten.</summary>
public sealed class CardPaymentEventTests : IAsyncDisposable
{
    private readonly TempDatabase _db = new();
    private readonly ManualTimeProvider _time = new(At);

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static OrderEvent[] Validated() => [.. CompleteDraft(),
        new OrderSubmitted("order-1", "member-1", Year, [], 0, 0, PaymentChoice.Card, Address, 1, At),
        new OrderValidated("order-1", "member-1", Year, "2020-0001", [], 0, 0, PaymentChoice.Card, Address, 1, At)];

    [Fact]
    public void A_card_order_keeps_only_billings_provider_reference_and_page_and_attaching_again_changes_nothing()
    {
        var validated = DeciderSpec.For(Order.Decider).Given(Validated());
        var attached = new InvoiceAttached("order-1", "inv-1", "2026/00001", "tp-abc", "/api/billing/test-provider/pages/tp-abc", At);
        validated.When(new AttachInvoice("inv-1", "2026/00001", "tp-abc", "/api/billing/test-provider/pages/tp-abc", At)).Then(attached);

        var invoiced = validated.Given(attached);
        invoiced.State.CardPaymentReference.Should().Be("tp-abc");
        invoiced.State.CardPaymentUrl.Should().Be("/api/billing/test-provider/pages/tp-abc");
        invoiced.When(new AttachInvoice("inv-1", "2026/00001", "tp-other", "/api/billing/test-provider/pages/tp-other", At)).Then();
    }

    [Fact]
    public async Task An_invoice_attached_event_stored_by_the_former_fake_provider_flow_is_still_registered_and_read()
    {
        Order.EventNames[typeof(InvoiceAttached)].Should().Be("membership.invoice-attached");
        var registry = new EventTypeRegistry().Register(Order.EventNames);
        var serializer = new EventSerializer(registry, new PersonalDataProtector(new SqliteDataSubjectKeyStore(_db.Connections, PersonalDataOptions.Development(), _time)));
        const string Stored = """
            {"orderId":"order-1","invoiceId":"inv-1","invoiceNumber":"2020/00001","cardPaymentReference":"psp_0123456789abcdef0123",
             "cardPaymentUrl":"https://paiement.example.test/checkout/psp_0123456789abcdef0123?amount=62600&ref=2020%2F00001","attachedAt":"2020-01-05T09:00:00+00:00"}
            """;
        var recorded = new RecordedEvent(42, Order.StreamId("order-1"), 9, Guid.NewGuid(), "membership.invoice-attached", Stored,
            new EventMetadata("ot-caen"), At, "hash");

        var envelope = await serializer.DeserializeAsync(recorded);

        var old = envelope.Event.Should().BeOfType<InvoiceAttached>().Subject;
        old.CardPaymentReference.Should().Be("psp_0123456789abcdef0123");
        var state = DeciderSpec.For(Order.Decider).Given([.. Validated(), old]).State;
        state.InvoiceId.Should().Be("inv-1");
        state.CardPaymentReference.Should().Be("psp_0123456789abcdef0123");
    }
}
