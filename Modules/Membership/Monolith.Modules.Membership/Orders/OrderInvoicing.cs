using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Documents;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Membership.Orders;

/// <summary>What follows a validation and a payment, every step idempotent (run by <see cref="OrderFlowReactor"/>, and again by
/// <see cref="Jobs.OrderFlowSafetyNet"/> for whatever a refused rule or a failed e-mail left undone): the invoice through billing (and for
/// card, billing's card payment on the provider's hosted page), the confirmation e-mail with the order form; once finalised (on billing's
/// <c>InvoiceSettled</c>, see <see cref="Finalising.FinaliseOrderOnInvoiceSettled"/>), the information-check form.</summary>
internal sealed partial class OrderInvoicing(
    CommandHandler handler,
    OrderLoader loader,
    IBillingService billing,
    IOfficeDirectory offices,
    INotifier notifier,
    IDocumentRenderer documents,
    PortalUrls portal,
    TimeProvider time,
    ILogger<OrderInvoicing> logger)
{
    public const string SourceModule = "membership";

    /// <summary>Terms-of-sale setting: days the member has to check their published information after payment (default 21).</summary>
    public const string InformationCheckDaysSetting = "membership.information-check-days";

    public static string SourceReference(string orderId) => $"order-{orderId}";

    /// <summary>The order of an invoice's source reference (<see cref="SourceReference"/>); null when it is not an order's.</summary>
    public static string? OrderIdOf(string sourceReference) =>
        sourceReference.StartsWith("order-", StringComparison.Ordinal) && sourceReference.Length > 6 ? sourceReference[6..] : null;

    /// <summary>Where the payment provider sends the member back after the card page (a path of this site: billing refuses other hosts
    /// unless allowed); the provider adds <c>paymentReference</c> and <c>status</c> to the query.</summary>
    public static string CardReturnUrl(string orderId) => $"/api/membership/portal/orders/{Uri.EscapeDataString(orderId)}";

    private static CommandContext SystemContext(string tenantId) => CommandContexts.ForSystem(tenantId, "membership");

    /// <summary>Issues the invoice (billing returns the same one for the same order), attaches it to the order and sends the confirmation.</summary>
    public async Task InvoiceAsync(string tenantId, string orderId, CancellationToken ct)
    {
        var loaded = await loader.LoadAsync(tenantId, orderId, null, ct);
        var order = loaded.Order.State;
        if (order.Status is not (OrderStatus.Validated or OrderStatus.Finalised))
        {
            return;
        }

        if (order.InvoiceId is null)
        {
            var address = (await LoadValidatedAsync(tenantId, orderId, ct)).Address;
            var invoice = await billing.IssueInvoiceAsync(tenantId, new IssueInvoiceRequest(
                SourceModule,
                SourceReference(orderId),
                new BillingCustomer(order.MemberId, CustomerKind.Business, address.CompanyName,
                    new BillingAddress(address.Street, address.PostalCode, address.City), loaded.Member.LoginEmail),
                [.. order.Lines.Select(l => new InvoiceLineRequest($"{l.ProductName} — {l.OfferName}", 1, l.PriceTtc, l.VatRate))],
                $"Adhésion {order.Year} — commande {order.Number}",
                EmailToCustomer: true), ct);

            CardPaymentStarted? card = null;
            if (order.Method == PaymentChoice.Card)
            {
                try
                {
                    // Billing records a pending card payment and returns the provider's hosted page; the payment counts once the
                    // provider approves it (billing's signed notification), and billing's InvoiceSettled then finalises the order.
                    card = await billing.StartCardPaymentAsync(tenantId, invoice.InvoiceId, CardReturnUrl(orderId), ct);
                }
                catch (DomainRuleViolation violation)
                {
                    // Billing refuses (already paid another way, or no card provider available here): the invoice is attached without a
                    // card page, so the office can still take a cheque or a transfer; billing's InvoiceSettled finalises the order once it is paid.
                    LogNoCardPage(logger, orderId, violation.Code, violation.Message);
                }
            }

            order = (await handler.HandleAsync(Order.Decider, Order.StreamId(orderId),
                new AttachInvoice(invoice.InvoiceId, invoice.Number, card?.ProviderReference, card?.RedirectUrl, time.GetUtcNow()),
                SystemContext(tenantId), CommandOptions.ExistingStream, ct)).State;
        }

        await SendConfirmationAsync(tenantId, loaded with { Order = loaded.Order with { State = order } }, ct);
    }

    /// <summary>After payment: the "check your published information" request with its due date, and its e-mail.</summary>
    public async Task RequestInformationCheckAsync(string tenantId, string orderId, CancellationToken ct)
    {
        var loaded = await loader.LoadAsync(tenantId, orderId, null, ct);
        var order = loaded.Order.State;
        if (order.Status != OrderStatus.Finalised)
        {
            return;
        }

        if (order.InformationDueOn is null)
        {
            var terms = await loader.TermsInForceAsync(tenantId, ct);
            var days = terms?.Settings.TryGetValue(InformationCheckDaysSetting, out var value) == true && int.TryParse(value, out var d) ? d : 21;
            order = (await handler.HandleAsync(Order.Decider, Order.StreamId(orderId),
                new RequestInformationCheck((await loader.TodayAsync(tenantId, ct)).AddDays(days), time.GetUtcNow()),
                SystemContext(tenantId), CommandOptions.ExistingStream, ct)).State;
        }

        if (!order.InformationConfirmed)
        {
            await SendAsync(tenantId, $"membership-order-{orderId}/information-check", "membership.information-check", loaded.Member,
                await ModelAsync(tenantId, loaded with { Order = loaded.Order with { State = order } }, null, ct), null, ct);
        }
    }

    /// <summary>A reminder step of the information check (recorded once on the order, e-mailed once per step).</summary>
    public async Task RemindAsync(string tenantId, string orderId, int step, CancellationToken ct)
    {
        var result = await handler.HandleAsync(Order.Decider, Order.StreamId(orderId), new SendInformationReminder(step, time.GetUtcNow()),
            SystemContext(tenantId), CommandOptions.ExistingStream, ct);
        if (result.State.InformationConfirmed || !result.State.RemindersSent.Contains(step))
        {
            return;
        }

        var loaded = await loader.LoadAsync(tenantId, orderId, null, ct);
        await SendAsync(tenantId, $"membership-order-{orderId}/information-reminder-{step}", "membership.information-reminder", loaded.Member,
            await ModelAsync(tenantId, loaded, step, ct), null, ct);
    }

    private async Task SendConfirmationAsync(string tenantId, LoadedOrder loaded, CancellationToken ct)
    {
        var model = await ModelAsync(tenantId, loaded, null, ct);
        var form = await documents.RenderOfficeDocumentAsync(tenantId, "membership.order-form", model, ct);
        await SendAsync(tenantId, $"membership-order-{loaded.Order.State.OrderId}/confirmation", "membership.order-confirmation", loaded.Member, model,
            [new EmailAttachment($"bon-de-commande-{loaded.Order.State.Number}.html", "text/html; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(form))], ct);
    }

    /// <summary>Sends once per key. A failed send is logged, not thrown: the reactor must not stop on a mail relay's bad minute, and
    /// <see cref="Jobs.OrderFlowSafetyNet"/> sends again what is still due (the notifier retries a failed key). A forgotten member gets nothing.</summary>
    private async Task SendAsync(string tenantId, string key, string template, MemberState member, object model, IReadOnlyList<EmailAttachment>? attachments, CancellationToken ct)
    {
        if (member.LoginEmail is "" or PersonalData.ErasedText)
        {
            return;
        }

        var result = await notifier.SendAsync(new NotificationRequest(tenantId, key, template, model, [member.LoginEmail], attachments), ct);
        if (result.Outcome == NotificationOutcome.Failed)
        {
            LogSendFailed(logger, key, result.Error ?? "unknown error");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId}: billing started no card payment ({Code}: {Reason}); the invoice is attached without a card page")]
    private static partial void LogNoCardPage(ILogger logger, string orderId, string code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {Key} failed ({Error}); the order-flow safety net sends it again")]
    private static partial void LogSendFailed(ILogger logger, string key, string error);

    private async Task<OrderValidated> LoadValidatedAsync(string tenantId, string orderId, CancellationToken ct) =>
        (await handler.LoadAsync(ValidatedOnly, Order.StreamId(orderId), tenantId, mustExist: true, ct)).State
        ?? throw new InvalidOperationException($"Order {orderId} has no validation.");

    /// <summary>Folds an order stream down to its OrderValidated event (the address and lines as validated).</summary>
    private static readonly Decider<OrderCommand, OrderEvent, OrderValidated?> ValidatedOnly =
        new((_, _) => [], (state, e) => e is OrderValidated v ? v : state, null);

    private async Task<OrderEmailModel> ModelAsync(string tenantId, LoadedOrder loaded, int? step, CancellationToken ct)
    {
        var order = loaded.Order.State;
        var office = await offices.GetOfficeAsync(tenantId, ct);
        var legal = office?.Legal;
        var validated = order.Status is OrderStatus.Validated or OrderStatus.Finalised ? await LoadValidatedAsync(tenantId, order.OrderId!, ct) : null;
        var lines = order.Lines;
        return new OrderEmailModel(
            office?.Name ?? tenantId,
            legal?.LegalName ?? office?.Name ?? tenantId,
            legal is null ? null : $"{legal.Address.Street}, {legal.Address.PostalCode} {legal.Address.City}",
            legal?.Bank?.Iban,
            legal?.Bank?.Bic,
            loaded.Member.CompanyName,
            loaded.Campaign.Name,
            order.Year,
            order.Number ?? "",
            validated?.ValidatedAt,
            order.Method switch { PaymentChoice.Card => "Carte bancaire", PaymentChoice.Cheque => "Chèque", PaymentChoice.Transfer => "Virement", _ => "" },
            order.Method == PaymentChoice.Cheque,
            order.Method == PaymentChoice.Transfer,
            order.Method == PaymentChoice.Card,
            // An e-mail needs an absolute link: a provider page given as a path of this site is reached from the portal's order page.
            order.CardPaymentUrl is { } page && Uri.TryCreate(page, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? page
                : order.CardPaymentUrl is null ? null : portal.Link(tenantId, $"/adhesion/commandes/{order.OrderId}"),
            order.InvoiceNumber,
            validated?.Address,
            [.. loaded.Member.Offers
                .Where(o => lines.Any(l => l.OfferId == o.OfferId))
                .Select(o => new OfferLinesModel(o.Name, o.Principal,
                    [.. lines.Where(l => l.OfferId == o.OfferId).Select(l => new LineModel(l.ProductName, l.PriceTtc, l.Vat, l.VatRate.Label))],
                    lines.Where(l => l.OfferId == o.OfferId).Sum(l => l.PriceTtc),
                    lines.Where(l => l.OfferId == o.OfferId).Sum(l => l.Vat)))],
            lines.Count,
            order.TotalTtc,
            order.TotalVat,
            order.InformationDueOn,
            step,
            portal.Link(tenantId, $"/adhesion/commandes/{order.OrderId}"));
    }
}

internal sealed record LineModel(string Name, long PriceTtc, long Vat, string VatRate);

internal sealed record OfferLinesModel(string Name, bool Principal, IReadOnlyList<LineModel> Lines, long TotalTtc, long TotalVat);

/// <summary>The model of the order e-mails and of the order form (French templates under Templates/).</summary>
internal sealed record OrderEmailModel(
    string OfficeName,
    string PayableTo,
    string? OfficeAddress,
    string? Iban,
    string? Bic,
    string CompanyName,
    string CampaignName,
    int Year,
    string Number,
    DateTimeOffset? ValidatedAt,
    string PaymentMethod,
    bool ByCheque,
    bool ByTransfer,
    bool ByCard,
    string? CardPaymentUrl,
    string? InvoiceNumber,
    OrderAddress? BillingAddress,
    IReadOnlyList<OfferLinesModel> Offers,
    int ProductCount,
    long TotalTtc,
    long TotalVat,
    DateOnly? InformationDueOn,
    int? ReminderStep,
    string PortalLink);
