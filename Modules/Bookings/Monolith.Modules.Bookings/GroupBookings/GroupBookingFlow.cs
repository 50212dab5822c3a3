using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Bookings.Credits;
using Monolith.Modules.Bookings.GroupBookings.Billing;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.GroupBookings;

/// <summary>The group booking's process manager (at-least-once; each step idempotent: billing's invoices by source reference, the
/// attach commands with ids derived from the triggering event, e-mails by business key):
/// <list type="bullet">
/// <item><c>quote-issued</c> → the quote e-mailed with its PDF — <c>bookings/{id}/quote</c>;</item>
/// <item><c>quote-signed</c> → the deposit invoice in billing (e-mailed by billing) attached to the booking; the contract e-mailed;</item>
/// <item><c>participant-count-recorded</c> (final) → the final invoice in billing (e-mailed by billing), attached;</item>
/// <item><c>balance-received</c> → the exchange vouchers (bons d'échange), one per provider, e-mailed; then marked sent;</item>
/// <item><c>cancelled-by-customer</c> → the credit note (avoir) when the terms turn the deposit into one; the cancellation e-mail;</item>
/// <item>reminders, price revision, amendment, office cancellation → their e-mails.</item>
/// </list>
/// A broken rule (e.g. the office has no legal identity yet, so billing refuses to invoice) is logged and does not stop the reactor.</summary>
/// <summary>What every bookings e-mail and document template receives; <see cref="Extra"/> carries the fields of one message.</summary>
internal sealed record BookingMailModel(
    string Office,
    string Name,
    string Reference,
    string Title,
    DateOnly Start,
    DateOnly End,
    DateOnly ValidUntil,
    long Total,
    long Deposit,
    int DepositPercent,
    DateOnly? DepositDueOn,
    DateOnly FinalDeadline,
    bool BalanceOnArrival,
    object Extra);

internal sealed partial class GroupBookingFlow(ILogger<GroupBookingFlow> logger) : IReactor
{
    public string Name => "bookings.group-booking-flow";

    public bool Handles(string eventType) => eventType is "bookings.quote-issued" or "bookings.quote-signed" or "bookings.participant-count-recorded"
        or "bookings.balance-received" or "bookings.cancelled-by-customer" or "bookings.cancelled-by-office" or "bookings.quote-reminder-sent"
        or "bookings.participant-reminder-sent" or "bookings.price-revised" or "bookings.amendment-proposed";

    public async Task ReactAsync(RecordedEvent e, IServiceProvider services, CancellationToken ct)
    {
        if (await services.GetRequiredService<IEventDecoder>().DecodeAsync(e, ct) is not GroupBookingEvent @event)
        {
            return;
        }

        try
        {
            await new Step(services, e, @event.BookingId).RunAsync(@event, ct);
        }
        catch (DomainRuleViolation violation)
        {
            LogRefused(logger, e.Type, e.StreamId, violation.Code, violation.Message);
        }
        catch (NotFoundException missing)
        {
            LogRefused(logger, e.Type, e.StreamId, "not-found", missing.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bookings reaction to {Type} on {Stream} refused ({Code}: {Reason}); retry by replaying or by the staff action")]
    private static partial void LogRefused(ILogger logger, string type, string stream, string code, string reason);

    private sealed class Step(IServiceProvider services, RecordedEvent e, string bookingId)
    {
        private readonly string _tenant = e.Metadata.TenantId;
        private readonly GroupBookingStore _store = services.GetRequiredService<GroupBookingStore>();
        private readonly BookingBilling _billing = services.GetRequiredService<BookingBilling>();
        private readonly IOfficeCalendars _calendar = services.GetRequiredService<IOfficeCalendars>();

        private CommandContext Context(string step) => CommandContexts.ForSystem(_tenant, "bookings", e.EventId, DeterministicGuid.Create(e.EventId, step));

        public async Task RunAsync(GroupBookingEvent @event, CancellationToken ct)
        {
            var s = (await _store.LoadAsync(_tenant, bookingId, ct)).State;
            var today = await _calendar.DateOfAsync(_tenant, e.RecordedAt, ct);
            switch (@event)
            {
                case QuoteIssued:
                    var quote = await _billing.QuoteDocumentAsync(_tenant, s, contract: false, ct);
                    await MailAsync(s, "quote", "bookings.quote-email", new { }, [Attachment(quote)], ct);
                    break;
                case QuoteReminderSent:
                    await MailAsync(s, "quote-reminder", "bookings.quote-reminder", new { }, [], ct);
                    break;
                case QuoteSigned:
                    if (s.DepositInvoiceId is null && !s.IsCancelled)
                    {
                        var invoice = await _billing.IssueDepositInvoiceAsync(_tenant, s, today, ct);
                        s = (await _store.HandleAsync(bookingId, new AttachDepositInvoice(invoice.InvoiceId, invoice.Number, e.RecordedAt), Context("attach-deposit-invoice"), ct)).State;
                    }

                    var contract = await _billing.QuoteDocumentAsync(_tenant, s, contract: true, ct);
                    await MailAsync(s, "contract", "bookings.contract-email", new { }, [Attachment(contract)], ct);
                    break;
                case ParticipantCountRecorded { Kind: CountKind.Final }:
                    if (s.FinalInvoiceId is null && !s.IsCancelled)
                    {
                        var final = await _billing.IssueFinalInvoiceAsync(_tenant, s, today, ct);
                        await _store.HandleAsync(bookingId, new AttachFinalInvoice(final.InvoiceId, final.Number, final.TotalTtc, final.TotalTtc, e.RecordedAt,
                            [.. s.Price.Lines.Where(l => l.Quantity > 0 && l.UnitPriceTtc != 0)]), Context("attach-final-invoice"), ct);
                    }

                    break;
                case ParticipantReminderSent r:
                    await MailAsync(s, $"participants-{r.Kind.ToString().ToLowerInvariant()}", "bookings.participant-reminder",
                        new { final = r.Kind == CountKind.Final, deadline = r.Kind == CountKind.Final ? s.Deadlines.Final : s.Deadlines.Intermediate, tolerance = s.Terms!.IntermediateTolerance },
                        [], ct);
                    break;
                case BalanceReceived:
                    await SendVouchersAsync(s, today, ct);
                    break;
                case CancelledByCustomer c:
                    await CustomerCancelledAsync(s, c, today, ct);
                    break;
                case CancelledByOffice o:
                    if (o.Corrections is { } corrections)
                    {
                        await CreditInvoicesAsync(corrections, $"Annulation par l'office du dossier {s.Reference} : {Reason(o.Reason)}, prestations non réalisées", ct);
                    }
                    else if (o.Refund == o.Paid)
                    {
                        await CancelInvoicesAsync(s, $"Annulation par l'office du dossier {s.Reference} : {Reason(o.Reason)}", ct);
                    }

                    await MailAsync(s, "office-cancellation", "bookings.office-cancellation", new { reason = Reason(o.Reason), o.Explanation, o.Refund, o.Paid }, [], ct);
                    break;
                case PriceRevised p:
                    await MailAsync(s, $"price-revision/{e.EventId:N}", "bookings.price-revision",
                        new { p.OldTotal, p.NewTotal, p.Amount, p.Calculation, p.CustomerMayCancelFree, threshold = s.Terms!.PriceRevisionCancelAbovePercent }, [], ct);
                    break;
                case AmendmentProposed a:
                    var amendment = await Docs().RenderAsync(_tenant, "bookings.amendment", await ModelAsync(s, new
                    {
                        number = a.Number,
                        a.Description,
                        a.NotifiedOn,
                        services = a.Services.Select(l => new { l.Label, l.Date, l.Duration, l.UnitPriceTtc, l.PerPerson, l.Quantity, l.ProviderName }).ToList(),
                    }, ct), $"avenant-{a.Number}-{s.Reference}", ct);
                    await MailAsync(s, $"amendment-{a.Number}", "bookings.amendment-email", new { number = a.Number, a.Description }, [amendment.Attachment()], ct);
                    break;
            }
        }

        /// <summary>A cancellation refunding everything paid (by the office, or by the customer for exceptional circumstances or after a
        /// price revision above the threshold) corrects the booking's invoices by credit notes of the whole invoices through billing
        /// (CGI 289-I-5; what was paid is owed back to the customer). Keys derive from the event: a replay issues nothing twice. A refusal
        /// (an invoice already credited by hand) is logged.</summary>
        private async Task CancelInvoicesAsync(GroupBookingState s, string reason, CancellationToken ct)
        {
            var creditNotes = services.GetRequiredService<IBillingCreditNotes>();
            foreach (var invoiceId in new[] { s.DepositInvoiceId, s.FinalInvoiceId }.OfType<string>())
            {
                try
                {
                    await creditNotes.CancelInvoiceAsync(_tenant, new CancelInvoiceRequest(DeterministicGuid.Create(e.EventId, $"credit-note/{invoiceId}").ToString("N"),
                        invoiceId, reason), ct);
                }
                catch (DomainRuleViolation violation)
                {
                    LogRefused(services.GetRequiredService<ILogger<GroupBookingFlow>>(), e.Type, e.StreamId, violation.Code, violation.Message);
                }
            }
        }

        /// <summary>A cancellation that keeps part of the money (a fee, the services performed) credits the rest of each invoice through
        /// billing: the lines decided in the event, per VAT rate and partner provider. Keys derive from the event and the invoice (a replay
        /// issues nothing twice); a refusal (part of the invoice already credited by hand) is logged.</summary>
        private async Task CreditInvoicesAsync(IReadOnlyList<Cancelling.InvoiceCredit> corrections, string reason, CancellationToken ct)
        {
            var creditNotes = services.GetRequiredService<IBillingCreditNotes>();
            foreach (var credit in corrections.Where(c => c.Total > 0))
            {
                try
                {
                    await creditNotes.IssueRefundCreditNoteAsync(_tenant, new RefundCreditNoteRequest(
                        DeterministicGuid.Create(e.EventId, $"credit-note/{credit.InvoiceId}").ToString("N"), credit.InvoiceId,
                        [.. credit.Lines.Select(BookingBilling.Line)], reason), ct);
                }
                catch (DomainRuleViolation violation)
                {
                    LogRefused(services.GetRequiredService<ILogger<GroupBookingFlow>>(), e.Type, e.StreamId, violation.Code, violation.Message);
                }
            }
        }

        private async Task CustomerCancelledAsync(GroupBookingState s, CancelledByCustomer c, DateOnly today, CancellationToken ct)
        {
            if (c.Corrections is { } corrections)
            {
                await CreditInvoicesAsync(corrections, $"Annulation du dossier {s.Reference} reçue le {c.ReceivedOn.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)} : frais d'annulation retenus", ct);
            }

            if (c.FeeInvoiceLines is { Count: > 0 } feeLines && s.CancellationFeeInvoiceId is null)
            {
                // The fee kept beyond what was invoiced: billing's "frais d'annulation" invoice, idempotent by its source reference.
                var invoice = await _billing.IssueCancellationFeeInvoiceAsync(_tenant, BookingBilling.CancellationFeeReference(bookingId), s.Customer!, feeLines,
                    $"Frais d'annulation — {s.Title} (devis n° {s.Reference})", ct);
                s = (await _store.HandleAsync(bookingId, new AttachCancellationFeeInvoice(invoice.InvoiceId, invoice.Number, e.RecordedAt),
                    Context("attach-cancellation-fee-invoice"), ct)).State;
            }

            if (c.Charge.Rule is "exceptional-circumstances" or "price-revision-above-threshold")
            {
                await CancelInvoicesAsync(s, c.Charge.Rule == "exceptional-circumstances"
                    ? $"Annulation du dossier {s.Reference} sans frais : circonstances exceptionnelles et inévitables ({c.Reason})"
                    : $"Annulation du dossier {s.Reference} sans frais après une révision de prix supérieure au seuil", ct);
            }

            var attachments = new List<EmailAttachment>();
            if (c.CreditNoteId is { } creditNoteId && c.Charge.CreditNote > 0)
            {
                var handler = services.GetRequiredService<CommandHandler>();
                var credit = await handler.HandleAsync(CreditNote.Decider, CreditNote.StreamId(creditNoteId), new IssueCreditNote(
                        creditNoteId, s.Customer!.CustomerId, s.Customer.Name, s.Customer.Email, s.BookingId!, s.Reference, c.Charge.CreditNote,
                        s.DepositPaidOn ?? c.ReceivedOn, c.Charge.CreditNoteExpiresOn!.Value, today, e.RecordedAt),
                    Context("issue-credit-note"), ct: ct);
                var issued = credit.State.Issued!;
                var document = await Docs().RenderAsync(_tenant, "bookings.credit-note", await ModelAsync(s, Documents.BookingDocumentModels.CreditNote(issued), ct),
                    Documents.BookingDocumentModels.CreditNoteFileStem(issued.Reference), ct);
                attachments.Add(document.Attachment());
            }

            var g = c.Charge;
            await MailAsync(s, "cancellation", "bookings.cancellation", new
            {
                c.ReceivedOn,
                g.DaysBefore,
                g.Percent,
                g.Fee,
                g.RetainedFileFees,
                g.Refund,
                g.StillOwed,
                g.CreditNote,
                g.CreditNoteExpiresOn,
                c.FeeInvoiced,
                FeeInvoiceNumber = s.CancellationFeeInvoiceNumber,
                exceptional = c.ExceptionalCircumstances,
                hasCreditNote = g.CreditNote > 0,
                kept = g.Rule == "deposit-kept",
                free = g.Rule is "exceptional-circumstances" or "price-revision-above-threshold" or "free",
            }, attachments, ct);
        }

        /// <summary>One exchange voucher per provider (the office's own services under its name), listing the services, dates and
        /// the number of people; the customer hands it to the provider.</summary>
        private async Task SendVouchersAsync(GroupBookingState s, DateOnly today, CancellationToken ct)
        {
            if (s.VouchersSent)
            {
                return;
            }

            var office = await services.GetRequiredService<IOfficeDirectory>().GetOfficeAsync(_tenant, ct);
            var attachments = new List<EmailAttachment>();
            foreach (var voucher in Documents.BookingDocumentModels.ExchangeVouchers(s, office))
            {
                var document = await Docs().RenderAsync(_tenant, "bookings.exchange-voucher", Documents.BookingDocumentModels.Model(s, office, voucher.Extra), voucher.FileStem, ct);
                attachments.Add(document.Attachment());
            }

            await MailAsync(s, "exchange-vouchers", "bookings.vouchers-email", new { count = attachments.Count }, attachments, ct);
            await _store.HandleAsync(bookingId, new MarkVouchersSent(today, e.RecordedAt), Context("vouchers-sent"), ct);
        }

        private Documents.BookingDocuments Docs() => services.GetRequiredService<Documents.BookingDocuments>();

        private static string Reason(OfficeCancellationReason r) => r switch
        {
            OfficeCancellationReason.TooFewParticipants => "le nombre de participants inscrits est inférieur au minimum prévu",
            OfficeCancellationReason.ForceMajeure => "un cas de force majeure",
            OfficeCancellationReason.AmendmentRefused => "vous avez refusé l'avenant proposé",
            _ => "des circonstances qui ne nous permettent pas d'assurer les prestations",
        };

        private static EmailAttachment Attachment(BillingDocumentPdf document) => document.Pdf is { } pdf
            ? new EmailAttachment(document.Document.FileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? document.Document.FileName : document.Document.FileName + ".pdf",
                "application/pdf", pdf)
            : new EmailAttachment(Path.ChangeExtension(document.Document.FileName, ".html"), "text/html", Encoding.UTF8.GetBytes(document.Document.Html));

        private async Task<BookingMailModel> ModelAsync(GroupBookingState s, object extra, CancellationToken ct)
        {
            var office = await services.GetRequiredService<IOfficeDirectory>().GetOfficeAsync(_tenant, ct);
            return Documents.BookingDocumentModels.Model(s, office, extra);
        }

        private async Task MailAsync(GroupBookingState s, string key, string template, object extra, IReadOnlyList<EmailAttachment> attachments, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(s.Customer?.Email))
            {
                return;
            }

            var result = await services.GetRequiredService<INotifier>().SendAsync(new NotificationRequest(
                _tenant, $"bookings/{bookingId}/{key}", template, await ModelAsync(s, extra, ct), [s.Customer.Email], attachments), ct);
            if (result.Outcome == NotificationOutcome.Failed)
            {
                throw new InvalidOperationException($"E-mail {template} for booking {bookingId} failed: {result.Error}");
            }
        }
    }
}
