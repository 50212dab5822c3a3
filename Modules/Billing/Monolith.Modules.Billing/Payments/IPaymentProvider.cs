using Microsoft.AspNetCore.Http;

namespace Monolith.Modules.Billing.Payments;

/// <summary>The card payment provider's hosted page, where the customer types the card (PCI DSS: card data never reaches us).</summary>
/// <param name="ProviderReference">The provider's reference of the payment: all we keep, with at most the last 4 digits.</param>
/// <param name="RedirectUrl">Where to send the customer's browser.</param>
internal sealed record PaymentPage(string ProviderReference, string RedirectUrl);

/// <summary>The provider's verdict on a payment, from its (signed) notification: approved with at most the last 4 digits, or declined
/// with a reason.</summary>
internal sealed record CardPaymentNotification(string ProviderReference, bool Approved, string? CardLast4, string? FailureReason);

/// <summary>The payment-provider port (SPEC §1, §3, §7). An adapter talks to one provider (the built-in <see cref="TestPaymentProvider"/>
/// simulates a bank locally; a real one — PayPlug, Lyra, Stripe... — would call its API). Setting <c>Billing:PaymentProvider</c>.</summary>
internal interface IPaymentProvider
{
    string Name { get; }

    /// <summary>Creates the hosted page for <paramref name="amountCents"/> with the invoice number as the payment's label; the provider
    /// sends the customer back to <paramref name="returnUrl"/> when done.</summary>
    Task<PaymentPage> CreatePaymentPageAsync(string officeId, string invoiceNumber, long amountCents, string returnUrl, CancellationToken ct = default);

    /// <summary>Verifies a notification sent to our webhook (its signature) and reads it; null when it is not authentic.</summary>
    CardPaymentNotification? ReadNotification(IHeaderDictionary headers, string body);
}
