using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Serialization;
using Monolith.BuildingBlocks.Http;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Payments;

/// <summary>Card payments through the <see cref="IPaymentProvider"/> port: start (hosted page + pending payment), then the provider's
/// notification confirms (allocated to the invoice) or fails the pending payment, found by the provider's reference. Only the reference
/// and at most the last 4 digits are kept.</summary>
internal sealed class CardPaymentService(
    NumberedDocuments documents,
    PaymentRequests paymentRequests,
    AccountReader accounts,
    PaymentRecorder payments,
    PaymentConfirmer confirmations,
    PaymentFailure failures,
    BillingOffices offices,
    IPaymentProvider provider,
    CommandHandler handler,
    IEventStore store,
    EventSerializer serializer,
    IConfiguration configuration,
    TimeProvider time)
{
    /// <summary>Hosts (comma-separated) an absolute return URL may point to; a relative path of this site is always allowed.</summary>
    public const string ReturnHostsSetting = "Billing:ReturnUrlHosts";

    public async Task<CardPaymentStarted> StartAsync(CommandContext context, string invoiceId, string returnUrl, CancellationToken ct = default)
    {
        var officeId = context.TenantId;
        RequireReturnUrl(returnUrl);
        var invoice = await documents.LoadInvoiceAsync(officeId, invoiceId, ct) ?? throw new NotFoundException($"Invoice '{invoiceId}' not found.");
        var balance = (await paymentRequests.GetAsync(officeId, invoiceId, ct))?.Amount ?? 0;
        if (balance <= 0)
        {
            throw new DomainRuleViolation("payment.nothing-to-pay", $"La facture {invoice.Number} est déjà réglée.", isConflict: true);
        }

        var page = await provider.CreatePaymentPageAsync(officeId, invoice.Number, balance, returnUrl, ct);
        var paymentId = CardCheckout.PaymentId(page.ProviderReference);
        var system = context with { Expected = null };
        await handler.HandleAsync(
            CardCheckout.Decider,
            CardCheckout.StreamId(page.ProviderReference),
            new StartCardCheckout(provider.Name, page.ProviderReference, invoice.CustomerId, paymentId, invoice.InvoiceId, invoice.Number, balance, time.GetUtcNow()),
            system,
            ct: ct);
        await RecordPendingAsync(system, invoice.CustomerId, paymentId, page.ProviderReference, balance, ct);
        return new CardPaymentStarted(paymentId, page.ProviderReference, page.RedirectUrl, invoice.InvoiceId, invoice.Number, balance);
    }

    /// <summary>The webhook: an authentic notification confirms or fails the pending payment; null when the signature is wrong.</summary>
    public async Task<CardPaymentView?> HandleNotificationAsync(IHeaderDictionary headers, string body, CancellationToken ct = default)
    {
        if (provider.ReadNotification(headers, body) is not { } notification)
        {
            return null;
        }

        return await ApplyAsync(notification, ct);
    }

    /// <summary>Applies the provider's verdict (idempotent: a repeated notification changes nothing; approving a declined payment is a
    /// conflict).</summary>
    public async Task<CardPaymentView> ApplyAsync(CardPaymentNotification notification, CancellationToken ct = default)
    {
        var (officeId, checkout) = await LoadCheckoutAsync(notification.ProviderReference, ct)
            ?? throw new NotFoundException($"Card payment '{notification.ProviderReference}' not found.");
        var context = CommandContexts.ForSystem(officeId, $"payment-provider:{checkout.Provider}");

        // The pending payment is recorded right after the checkout; a crash in between is completed here.
        var account = CustomerAccount.For(checkout.CustomerId).Fold(await accounts.ReadAsync(officeId, checkout.CustomerId, ct));
        if (!account.Payments.ContainsKey(checkout.PaymentId))
        {
            await RecordPendingAsync(context, checkout.CustomerId, checkout.PaymentId, checkout.ProviderReference, checkout.Amount, ct);
        }

        if (notification.Approved)
        {
            var balance = (await paymentRequests.GetAsync(officeId, checkout.InvoiceId, ct))?.Amount ?? 0;
            var toInvoice = Math.Min(balance, checkout.Amount);
            IReadOnlyList<PaymentAllocationRequest> allocations = toInvoice > 0 ? [new PaymentAllocationRequest(checkout.InvoiceId, toInvoice)] : [];
            await confirmations.ConfirmAsync(
                context, checkout.CustomerId, checkout.PaymentId, await offices.TodayAsync(officeId, ct), allocations, notification.CardLast4, ct);
        }
        else
        {
            await failures.FailAsync(context, checkout.CustomerId, checkout.PaymentId, Reason(notification.FailureReason), ct);
        }

        return await GetAsync(officeId, notification.ProviderReference, ct) ?? throw new NotFoundException("Card payment not found.");
    }

    public async Task<CardPaymentView?> GetAsync(string officeId, string providerReference, CancellationToken ct = default)
    {
        if (await LoadCheckoutAsync(providerReference, ct) is not ({ } office, { } checkout) || office != officeId)
        {
            return null;
        }

        var events = await accounts.ReadAsync(officeId, checkout.CustomerId, ct);
        var state = CustomerAccount.For(checkout.CustomerId).Fold(events);
        var failure = events.OfType<PaymentFailed>().LastOrDefault(f => f.PaymentId == checkout.PaymentId)?.Reason;
        return state.Payments.TryGetValue(checkout.PaymentId, out var payment)
            ? new CardPaymentView(
                checkout.PaymentId, checkout.ProviderReference, checkout.CustomerId, checkout.InvoiceId, checkout.InvoiceNumber, checkout.Amount,
                payment.Status switch
                {
                    PaymentStatus.Received => CardPaymentStatus.Received,
                    PaymentStatus.Failed => CardPaymentStatus.Failed,
                    _ => CardPaymentStatus.Pending,
                },
                payment.Details.CardLast4,
                failure)
            : new CardPaymentView(
                checkout.PaymentId, checkout.ProviderReference, checkout.CustomerId, checkout.InvoiceId, checkout.InvoiceNumber, checkout.Amount,
                CardPaymentStatus.Pending, null, null);
    }

    private Task RecordPendingAsync(CommandContext context, string customerId, string paymentId, string providerReference, long amount, CancellationToken ct) =>
        payments.RecordAsync(
            context, new RecordPaymentRequest(paymentId, customerId, new PaymentDetails(PaymentMethod.Card, ProviderReference: providerReference), amount, null, []), ct);

    private async Task<(string OfficeId, CardCheckoutStarted Checkout)?> LoadCheckoutAsync(string providerReference, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(providerReference) || providerReference.Length > 200)
        {
            return null;
        }

        var recorded = await store.ReadStreamAsync(CardCheckout.StreamId(providerReference), ReadDirection.Forwards, 0, 1, ct);
        if (recorded.Count == 0 || (await serializer.DeserializeAsync(recorded[0], ct)).Event is not CardCheckoutStarted started)
        {
            return null;
        }

        return (recorded[0].Metadata.TenantId, started);
    }

    private static string Reason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || CardData.ContainsCardNumber(reason) ? "Paiement refusé par le prestataire" : reason.Trim();

    private void RequireReturnUrl(string returnUrl)
    {
        if (string.IsNullOrWhiteSpace(returnUrl))
        {
            throw new DomainRuleViolation("payment.return-url-invalid", "L'adresse de retour après paiement est obligatoire.");
        }

        if (returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.Contains('\\', StringComparison.Ordinal))
        {
            return;
        }

        var hosts = (configuration[ReturnHostsSetting] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!Uri.TryCreate(returnUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || !hosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
        {
            throw new DomainRuleViolation(
                "payment.return-url-invalid",
                $"L'adresse de retour doit être un chemin de ce site (/...) ou un hôte autorisé (réglage {ReturnHostsSetting}).");
        }
    }
}
