using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Membership.Payments;

/// <summary>What the member pays by card: the invoice number as reference and its balance as amount.</summary>
internal sealed record HostedPaymentRequest(string TenantId, string OrderId, string Reference, long Amount, string Description);

/// <summary>The provider's answer: its own reference for the payment and the URL of its hosted payment page. Card data is typed on the
/// provider's page only: we never see or store it; we keep the provider's reference.</summary>
internal sealed record HostedPayment(string ProviderReference, string PaymentPageUrl);

/// <summary>The card payment port (a payment service provider with a hosted page and 3-D Secure). Idempotent per order: asking again
/// for the same order returns the same payment.</summary>
internal interface IPaymentProvider
{
    Task<HostedPayment> CreateHostedPaymentAsync(HostedPaymentRequest request, CancellationToken ct = default);
}

/// <summary>Development adapter: a deterministic reference per (office, order) and a fake hosted-page URL. The office confirms the
/// payment (as the provider's notification would) with <c>POST /api/membership/orders/{id}/card-payment/confirmation</c>.</summary>
internal sealed class FakePaymentProvider : IPaymentProvider
{
    public const string BaseUrl = "https://paiement.example.test/checkout/";

    public Task<HostedPayment> CreateHostedPaymentAsync(HostedPaymentRequest request, CancellationToken ct = default)
    {
        var reference = "psp_" + DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"membership-card/{request.TenantId}/{request.OrderId}").ToString("N")[..20];
        return Task.FromResult(new HostedPayment(reference, $"{BaseUrl}{reference}?amount={request.Amount}&ref={Uri.EscapeDataString(request.Reference)}"));
    }
}
