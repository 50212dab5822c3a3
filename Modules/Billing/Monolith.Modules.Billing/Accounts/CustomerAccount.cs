using System.Collections.Immutable;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Money;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Billing.Payments;

namespace Monolith.Modules.Billing.Accounts;

// The customer account of one office: "billing-account-{office}-{customerId}". It holds every mutable money fact about the customer —
// payments, allocations, credit notes applied, customer credit, refunds, expiries — so the rules that span them (never allocate more
// than an invoice's balance, never credit more than what remains creditable, expired credit cannot be used) are checked atomically on
// one stream. Issued invoices are immutable, so commands carry the facts of the invoices they touch (read from the numbering stream).

/// <summary>An amount TTC at one VAT rate.</summary>
internal sealed record RateAmount(VatRate Rate, long Ttc);

/// <summary>The immutable facts of an issued invoice that account rules need.</summary>
internal sealed record InvoiceFacts(
    string InvoiceId,
    string Number,
    DateOnly IssueDate,
    string CustomerId,
    long TotalTtc,
    IReadOnlyList<RateAmount> PerRate,
    string SourceModule = "",
    string SourceReference = "",
    DateOnly DueDate = default)
{
    public static InvoiceFacts From(InvoiceIssued e) =>
        new(e.InvoiceId, e.Number, e.IssueDate, e.CustomerId, e.Totals.TotalTtc, e.Totals.PerRate.Select(r => new RateAmount(r.Rate, r.Ttc)).ToList(),
            e.SourceModule, e.SourceReference, e.DueDate);
}

internal sealed record Allocation(InvoiceFacts Invoice, long Amount);

internal abstract record AccountCommand;
internal sealed record RecordPayment(string PaymentId, PaymentDetails Details, long Amount, DateOnly? ReceivedOn, IReadOnlyList<Allocation> Allocations, DateTimeOffset At) : AccountCommand;
/// <summary>A payment received for one invoice: allocated to it up to its balance, the rest kept as customer credit.</summary>
internal sealed record RecordInvoicePayment(string PaymentId, PaymentDetails Details, long Amount, DateOnly ReceivedOn, InvoiceFacts Invoice, DateTimeOffset At) : AccountCommand;
/// <summary><paramref name="CardLast4"/>: the last 4 digits the card payment provider reports on confirmation (nothing else of the card).</summary>
internal sealed record ConfirmPayment(string PaymentId, DateOnly ReceivedOn, IReadOnlyList<Allocation> Allocations, DateTimeOffset At, string? CardLast4 = null) : AccountCommand;
internal sealed record FailPayment(string PaymentId, string Reason, DateTimeOffset At) : AccountCommand;
internal sealed record AllocatePayment(string PaymentId, IReadOnlyList<Allocation> Allocations, DateTimeOffset At) : AccountCommand;
internal sealed record ApplyCreditNote(
    string CreditNoteId,
    InvoiceFacts Invoice,
    IReadOnlyList<RateAmount> Amounts,
    CreditNoteDisposition Disposition,
    DateOnly? ExpiresOn,
    DateTimeOffset At) : AccountCommand;
internal sealed record UseCustomerCredit(InvoiceFacts Invoice, DateOnly On, DateTimeOffset At) : AccountCommand;
internal sealed record RecordRefund(string RefundId, string SourceId, long Amount, PaymentDetails Details, DateOnly On, DateTimeOffset At) : AccountCommand;
internal sealed record ExpireCredits(DateOnly On, DateTimeOffset At) : AccountCommand;
/// <summary>A received payment came back (a SEPA direct debit returned by the debtor's bank, a cheque that bounced): what it paid on
/// each invoice is open again and its unallocated part is no longer customer credit.</summary>
internal sealed record ReturnPayment(string PaymentId, string Reason, DateOnly ReturnedOn, DateTimeOffset At) : AccountCommand;
/// <summary>The daily dunning run: the invoice's due date has passed (office calendar) with a balance left. Recorded once per invoice.</summary>
internal sealed record RecordInvoiceOverdue(InvoiceFacts Invoice, DateOnly On, DateTimeOffset At) : AccountCommand;

internal abstract record AccountEvent(string CustomerId);
internal sealed record PaymentPending(string CustomerId, string PaymentId, PaymentDetails Details, long Amount, DateTimeOffset RecordedAt) : AccountEvent(CustomerId);
internal sealed record PaymentReceived(string CustomerId, string PaymentId, PaymentDetails Details, long Amount, DateOnly ReceivedOn, DateTimeOffset RecordedAt) : AccountEvent(CustomerId);
internal sealed record PaymentFailed(string CustomerId, string PaymentId, string Reason, DateTimeOffset FailedAt) : AccountEvent(CustomerId);
internal sealed record PaymentAllocated(string CustomerId, string PaymentId, string InvoiceId, string InvoiceNumber, long Amount, DateTimeOffset AllocatedAt) : AccountEvent(CustomerId);
internal sealed record CreditNoteApplied(
    string CustomerId,
    string CreditNoteId,
    string InvoiceId,
    string InvoiceNumber,
    IReadOnlyList<RateAmount> Amounts,
    long Total,
    long OffsetOnInvoice,
    long Remainder,
    CreditNoteDisposition Disposition,
    DateOnly? ExpiresOn,
    DateTimeOffset AppliedAt) : AccountEvent(CustomerId);
internal sealed record CustomerCreditUsed(string CustomerId, string SourceId, string InvoiceId, string InvoiceNumber, long Amount, DateOnly On, DateTimeOffset UsedAt) : AccountEvent(CustomerId);
internal sealed record RefundRecorded(string CustomerId, string RefundId, string SourceId, long Amount, PaymentDetails Details, DateOnly On, DateTimeOffset RecordedAt) : AccountEvent(CustomerId);
internal sealed record CustomerCreditExpired(string CustomerId, string SourceId, long Amount, DateOnly ExpiredOn, DateTimeOffset RecordedAt) : AccountEvent(CustomerId);
internal sealed record ReturnedAllocation(string InvoiceId, long Amount);
internal sealed record PaymentReturned(
    string CustomerId, string PaymentId, PaymentMethod Method, long Amount, IReadOnlyList<ReturnedAllocation> Allocations, long Unallocated, string Reason,
    DateOnly ReturnedOn, DateTimeOffset ReturnedAt) : AccountEvent(CustomerId);
internal sealed record InvoiceOverdueRecorded(string CustomerId, string InvoiceId, string InvoiceNumber, DateOnly DueDate, long Balance, DateOnly On, DateTimeOffset RecordedAt) : AccountEvent(CustomerId);

internal enum PaymentStatus
{
    Pending,
    Received,
    Failed,

    /// <summary>Received, then returned (a SEPA debit returned by the bank): it no longer counts.</summary>
    Returned,
}

/// <summary><paramref name="AllocatedTo"/>: what this payment paid on each invoice (null = nothing yet).</summary>
internal sealed record PaymentState(string PaymentId, PaymentDetails Details, long Amount, PaymentStatus Status, ImmutableDictionary<string, long>? AllocatedTo = null);

/// <summary>What the account knows of one invoice: paid (payments and credit used) and cancelled by credit notes, and what credit
/// notes have credited per rate (the cap).</summary>
internal sealed record InvoicePosition(long Paid, long CreditedOnBalance, ImmutableDictionary<VatRate, long> CreditedPerRate)
{
    public static readonly InvoicePosition None = new(0, 0, ImmutableDictionary<VatRate, long>.Empty);

    public long Settled => Paid + CreditedOnBalance;
}

internal enum CreditKind
{
    /// <summary>The part of a received payment not (yet) allocated: an overpayment. It does not expire.</summary>
    Payment,

    /// <summary>The part of a credit note beyond what it cancelled on its invoice.</summary>
    CreditNote,
}

internal sealed record CreditSource(string SourceId, CreditKind Kind, string OriginId, long Remaining, DateOnly? ExpiresOn, bool Expired)
{
    public bool UsableOn(DateOnly on) => Remaining > 0 && !Expired && (ExpiresOn is null || on <= ExpiresOn);
}

internal sealed record CustomerAccountState(
    string? CustomerId,
    ImmutableDictionary<string, PaymentState> Payments,
    ImmutableDictionary<string, InvoicePosition> Invoices,
    ImmutableDictionary<string, CreditSource> Credits,
    ImmutableHashSet<string> CreditNotes,
    ImmutableHashSet<string> Refunds,
    ImmutableHashSet<string> Overdue)
{
    public static readonly CustomerAccountState Initial = new(
        null,
        ImmutableDictionary<string, PaymentState>.Empty,
        ImmutableDictionary<string, InvoicePosition>.Empty,
        ImmutableDictionary<string, CreditSource>.Empty,
        [],
        [],
        []);

    public InvoicePosition Position(string invoiceId) => Invoices.GetValueOrDefault(invoiceId, InvoicePosition.None);

    public long BalanceOf(InvoiceFacts invoice) => invoice.TotalTtc - Position(invoice.InvoiceId).Settled;

    /// <summary>THE definition of "paid" (published as <c>InvoiceSettled</c>): nothing left to pay, and money actually paid on it —
    /// an invoice wholly cancelled by credit notes is not paid.</summary>
    public bool IsSettled(InvoiceFacts invoice) => BalanceOf(invoice) <= 0 && Position(invoice.InvoiceId).Paid > 0;
}

internal static class CustomerAccount
{
    public static string StreamId(string officeId, string customerId) => StreamIds.For("billing-account", officeId, customerId);

    public static string PaymentSource(string paymentId) => $"payment:{paymentId}";

    public static string CreditNoteSource(string creditNoteId) => $"credit-note:{creditNoteId}";

    public static readonly IReadOnlyDictionary<Type, string> EventNames = new Dictionary<Type, string>
    {
        [typeof(PaymentPending)] = "billing.payment-pending",
        [typeof(PaymentReceived)] = "billing.payment-received",
        [typeof(PaymentFailed)] = "billing.payment-failed",
        [typeof(PaymentAllocated)] = "billing.payment-allocated",
        [typeof(CreditNoteApplied)] = "billing.credit-note-applied",
        [typeof(CustomerCreditUsed)] = "billing.customer-credit-used",
        [typeof(RefundRecorded)] = "billing.refund-recorded",
        [typeof(CustomerCreditExpired)] = "billing.customer-credit-expired",
        [typeof(PaymentReturned)] = "billing.payment-returned",
        [typeof(InvoiceOverdueRecorded)] = "billing.invoice-overdue-recorded",
    };

    /// <summary>Decide needs the customer id for the first event of a new stream: use <see cref="For"/>.</summary>
    public static Decider<AccountCommand, AccountEvent, CustomerAccountState> For(string customerId) =>
        new((command, state) => Decide(command, state.CustomerId is null ? state with { CustomerId = customerId } : state), Evolve, CustomerAccountState.Initial)
        {
            Publish = AccountFacts.Publish,
        };

    internal static IReadOnlyList<AccountEvent> Decide(AccountCommand command, CustomerAccountState state)
    {
        var customerId = state.CustomerId ?? throw new InvalidOperationException("The account's customer id must be set before deciding.");
        return command switch
        {
            RecordPayment c => Record(c, state, customerId),
            RecordInvoicePayment c => Record(
                new RecordPayment(c.PaymentId, c.Details, c.Amount, c.ReceivedOn,
                    Math.Min(c.Amount, state.BalanceOf(c.Invoice)) is var allocated && allocated > 0 && !state.Payments.ContainsKey(c.PaymentId)
                        ? [new Allocation(c.Invoice, allocated)]
                        : [],
                    c.At),
                state,
                customerId),
            ConfirmPayment c => Confirm(c, state, customerId),
            FailPayment c => Fail(c, state, customerId),
            AllocatePayment c => AllocateReceived(c, state, customerId),
            ApplyCreditNote c => Apply(c, state, customerId),
            UseCustomerCredit c => UseCredit(c, state, customerId),
            RecordRefund c => Refund(c, state, customerId),
            ReturnPayment c => Return(c, state, customerId),
            ExpireCredits c => [.. state.Credits.Values
                .Where(s => s.Kind == CreditKind.CreditNote && !s.Expired && s.Remaining > 0 && s.ExpiresOn is { } e && e < c.On)
                .OrderBy(s => s.SourceId, StringComparer.Ordinal)
                .Select(s => new CustomerCreditExpired(customerId, s.SourceId, s.Remaining, c.On, c.At))],
            RecordInvoiceOverdue c => Overdue(c, state, customerId),
            _ => throw new DomainRuleViolation("billing.invalid-command", "This command is not possible on a customer account."),
        };
    }

    internal static CustomerAccountState Evolve(CustomerAccountState state, AccountEvent @event)
    {
        state = state with { CustomerId = state.CustomerId ?? @event.CustomerId };
        return @event switch
        {
            PaymentPending e => state with { Payments = state.Payments.SetItem(e.PaymentId, new PaymentState(e.PaymentId, e.Details, e.Amount, PaymentStatus.Pending)) },
            PaymentReceived e => state with
            {
                Payments = state.Payments.SetItem(e.PaymentId, new PaymentState(e.PaymentId, e.Details, e.Amount, PaymentStatus.Received)),
                Credits = state.Credits.SetItem(PaymentSource(e.PaymentId), new CreditSource(PaymentSource(e.PaymentId), CreditKind.Payment, e.PaymentId, e.Amount, null, false)),
            },
            PaymentFailed e when state.Payments.TryGetValue(e.PaymentId, out var p) =>
                state with { Payments = state.Payments.SetItem(e.PaymentId, p with { Status = PaymentStatus.Failed }) },
            PaymentAllocated e => Consume(state, PaymentSource(e.PaymentId), e.Amount) with
            {
                Payments = state.Payments.TryGetValue(e.PaymentId, out var paying)
                    ? state.Payments.SetItem(e.PaymentId, paying with
                    {
                        AllocatedTo = (paying.AllocatedTo ?? ImmutableDictionary<string, long>.Empty) is var to ? to.SetItem(e.InvoiceId, to.GetValueOrDefault(e.InvoiceId) + e.Amount) : null,
                    })
                    : state.Payments,
                Invoices = state.Invoices.SetItem(e.InvoiceId, state.Position(e.InvoiceId) is var pos ? pos with { Paid = pos.Paid + e.Amount } : pos),
            },
            CreditNoteApplied e => state with
            {
                CreditNotes = state.CreditNotes.Add(e.CreditNoteId),
                Invoices = state.Invoices.SetItem(e.InvoiceId, state.Position(e.InvoiceId) is var pos
                    ? pos with
                    {
                        CreditedOnBalance = pos.CreditedOnBalance + e.OffsetOnInvoice,
                        CreditedPerRate = e.Amounts.Aggregate(pos.CreditedPerRate, (acc, a) => acc.SetItem(a.Rate, acc.GetValueOrDefault(a.Rate) + a.Ttc)),
                    }
                    : pos),
                Credits = e.Remainder > 0
                    ? state.Credits.SetItem(CreditNoteSource(e.CreditNoteId), new CreditSource(CreditNoteSource(e.CreditNoteId), CreditKind.CreditNote, e.CreditNoteId, e.Remainder, e.ExpiresOn, false))
                    : state.Credits,
            },
            CustomerCreditUsed e => Consume(state, e.SourceId, e.Amount) with
            {
                Invoices = state.Invoices.SetItem(e.InvoiceId, state.Position(e.InvoiceId) is var pos ? pos with { Paid = pos.Paid + e.Amount } : pos),
            },
            RefundRecorded e => Consume(state, e.SourceId, e.Amount) with { Refunds = state.Refunds.Add(e.RefundId) },
            InvoiceOverdueRecorded e => state with { Overdue = state.Overdue.Add(e.InvoiceId) },
            CustomerCreditExpired e when state.Credits.TryGetValue(e.SourceId, out var s) =>
                state with { Credits = state.Credits.SetItem(e.SourceId, s with { Remaining = 0, Expired = true }) },
            PaymentReturned e when state.Payments.TryGetValue(e.PaymentId, out var p) => state with
            {
                Payments = state.Payments.SetItem(e.PaymentId, p with { Status = PaymentStatus.Returned }),
                Invoices = e.Allocations.Aggregate(state.Invoices, (acc, a) => acc.SetItem(a.InvoiceId, (acc.GetValueOrDefault(a.InvoiceId) ?? InvoicePosition.None) is var pos
                    ? pos with { Paid = pos.Paid - a.Amount }
                    : pos)),
                Credits = state.Credits.TryGetValue(PaymentSource(e.PaymentId), out var credit)
                    ? state.Credits.SetItem(PaymentSource(e.PaymentId), credit with { Remaining = 0 })
                    : state.Credits,
            },
            _ => state,
        };
    }

    private static CustomerAccountState Consume(CustomerAccountState state, string sourceId, long amount) =>
        state.Credits.TryGetValue(sourceId, out var s)
            ? state with { Credits = state.Credits.SetItem(sourceId, s with { Remaining = s.Remaining - amount }) }
            : state;

    private static IReadOnlyList<AccountEvent> Record(RecordPayment c, CustomerAccountState state, string customerId)
    {
        if (state.Payments.TryGetValue(c.PaymentId, out var existing))
        {
            return existing.Amount == c.Amount && existing.Details == c.Details
                ? []
                : throw new DomainRuleViolation("payment.id-reused", $"Le paiement {c.PaymentId} est déjà enregistré avec un autre montant ou moyen.", isConflict: true);
        }

        if (c.Amount <= 0)
        {
            throw new DomainRuleViolation("payment.amount-not-positive", "Le montant d'un paiement doit être positif.");
        }

        RequireDetails(c.Details);
        if (c.ReceivedOn is not { } receivedOn)
        {
            return c.Allocations.Count == 0
                ? [new PaymentPending(customerId, c.PaymentId, c.Details, c.Amount, c.At)]
                : throw new DomainRuleViolation("payment.pending-cannot-be-allocated", "Un paiement en attente ne compte pas tant qu'il n'est pas reçu : il ne peut pas encore être imputé.");
        }

        List<AccountEvent> events = [new PaymentReceived(customerId, c.PaymentId, c.Details, c.Amount, receivedOn, c.At)];
        events.AddRange(Allocate(c.PaymentId, c.Allocations, Evolve(state, events[0]), customerId, c.At));
        return events;
    }

    private static IReadOnlyList<AccountEvent> Confirm(ConfirmPayment c, CustomerAccountState state, string customerId)
    {
        var payment = RequirePayment(state, c.PaymentId);
        return payment.Status switch
        {
            PaymentStatus.Received => [],
            PaymentStatus.Failed => throw new DomainRuleViolation("payment.failed", $"Le paiement {c.PaymentId} a échoué : il ne peut pas être confirmé.", isConflict: true),
            _ => Received(new PaymentReceived(customerId, c.PaymentId, ConfirmedDetails(payment.Details, c.CardLast4), payment.Amount, c.ReceivedOn, c.At)),
        };

        static PaymentDetails ConfirmedDetails(PaymentDetails details, string? last4)
        {
            var confirmed = last4 is null ? details : details with { CardLast4 = last4 };
            RequireDetails(confirmed);
            return confirmed;
        }

        IReadOnlyList<AccountEvent> Received(PaymentReceived received) =>
            [received, .. Allocate(c.PaymentId, c.Allocations, Evolve(state, received), customerId, c.At)];
    }

    private static IReadOnlyList<AccountEvent> Fail(FailPayment c, CustomerAccountState state, string customerId) =>
        RequirePayment(state, c.PaymentId).Status switch
        {
            PaymentStatus.Failed => [],
            PaymentStatus.Received => throw new DomainRuleViolation("payment.already-received", $"Le paiement {c.PaymentId} est déjà reçu.", isConflict: true),
            _ => [new PaymentFailed(customerId, c.PaymentId, c.Reason, c.At)],
        };

    private static IReadOnlyList<AccountEvent> AllocateReceived(AllocatePayment c, CustomerAccountState state, string customerId)
    {
        var payment = RequirePayment(state, c.PaymentId);
        if (payment.Status != PaymentStatus.Received)
        {
            throw new DomainRuleViolation("payment.not-received", "Seul un paiement reçu peut être imputé à une facture.");
        }

        return Allocate(c.PaymentId, c.Allocations, state, customerId, c.At);
    }

    private static List<AccountEvent> Allocate(string paymentId, IReadOnlyList<Allocation> allocations, CustomerAccountState state, string customerId, DateTimeOffset at)
    {
        var events = new List<AccountEvent>();
        foreach (var a in allocations)
        {
            RequireSameCustomer(a.Invoice, customerId);
            if (a.Amount <= 0)
            {
                throw new DomainRuleViolation("allocation.amount-not-positive", "Le montant imputé doit être positif.");
            }

            var balance = state.BalanceOf(a.Invoice);
            if (a.Amount > balance)
            {
                throw new DomainRuleViolation(
                    "allocation.exceeds-balance",
                    $"Impossible d'imputer {Euros.Format(a.Amount)} sur la facture {a.Invoice.Number} : son solde est de {Euros.Format(balance)}.");
            }

            var remaining = state.Credits[PaymentSource(paymentId)].Remaining;
            if (a.Amount > remaining)
            {
                throw new DomainRuleViolation(
                    "allocation.exceeds-payment",
                    $"Impossible d'imputer {Euros.Format(a.Amount)} : il reste {Euros.Format(remaining)} non imputé sur le paiement {paymentId}.");
            }

            var allocated = new PaymentAllocated(customerId, paymentId, a.Invoice.InvoiceId, a.Invoice.Number, a.Amount, at);
            events.Add(allocated);
            state = Evolve(state, allocated);
        }

        return events;
    }

    private static IReadOnlyList<AccountEvent> Apply(ApplyCreditNote c, CustomerAccountState state, string customerId)
    {
        if (state.CreditNotes.Contains(c.CreditNoteId))
        {
            return [];
        }

        RequireSameCustomer(c.Invoice, customerId);
        if (c.Amounts.Count == 0 || c.Amounts.Any(a => a.Ttc <= 0))
        {
            throw new DomainRuleViolation("credit-note.amount-not-positive", "Le montant d'un avoir doit être positif pour chaque taux de TVA.");
        }

        if (c.Disposition == CreditNoteDisposition.KeepAsCredit && c.ExpiresOn is null)
        {
            throw new DomainRuleViolation("credit-note.expiry-required", "Un avoir conservé en crédit doit avoir une date de validité.");
        }

        var position = state.Position(c.Invoice.InvoiceId);
        foreach (var group in c.Amounts.GroupBy(a => a.Rate))
        {
            var invoiced = c.Invoice.PerRate.Where(r => r.Rate == group.Key).Sum(r => r.Ttc);
            var creditable = invoiced - position.CreditedPerRate.GetValueOrDefault(group.Key);
            var asked = group.Sum(a => a.Ttc);
            if (asked > creditable)
            {
                throw new DomainRuleViolation(
                    "credit-note.exceeds-invoice",
                    $"L'avoir dépasse ce qui reste à créditer sur la facture {c.Invoice.Number} au taux {group.Key.Label} : {Euros.Format(creditable)}.");
            }
        }

        var total = c.Amounts.Sum(a => a.Ttc);
        var offset = Math.Min(total, Math.Max(0, state.BalanceOf(c.Invoice)));
        return
        [
            new CreditNoteApplied(
                customerId, c.CreditNoteId, c.Invoice.InvoiceId, c.Invoice.Number, c.Amounts, total, offset, total - offset, c.Disposition,
                c.Disposition == CreditNoteDisposition.KeepAsCredit ? c.ExpiresOn : null, c.At),
        ];
    }

    /// <summary>Consumes usable customer credit against an invoice's balance: credit-note credit first, soonest expiry first, then
    /// unallocated payments (an overpayment applied to a later invoice is a payment allocation).</summary>
    private static IReadOnlyList<AccountEvent> UseCredit(UseCustomerCredit c, CustomerAccountState state, string customerId)
    {
        RequireSameCustomer(c.Invoice, customerId);
        var balance = state.BalanceOf(c.Invoice);
        if (balance <= 0)
        {
            return [];
        }

        var usable = state.Credits.Values
            .Where(s => s.UsableOn(c.On))
            .OrderBy(s => s.Kind)
            .ThenBy(s => s.ExpiresOn ?? DateOnly.MaxValue)
            .ThenBy(s => s.SourceId, StringComparer.Ordinal)
            .ToList();
        if (usable.Count == 0)
        {
            var expired = state.Credits.Values.Any(s => s.Expired || (s.Remaining > 0 && s.ExpiresOn is { } e && e < c.On));
            throw expired
                ? new DomainRuleViolation("credit.expired", "Le crédit client est expiré : il ne peut plus être utilisé.")
                : new DomainRuleViolation("credit.none-available", "Ce client n'a pas de crédit disponible.");
        }

        var events = new List<AccountEvent>();
        foreach (var source in usable)
        {
            if (balance == 0)
            {
                break;
            }

            var amount = Math.Min(balance, source.Remaining);
            events.Add(source.Kind == CreditKind.Payment
                ? new PaymentAllocated(customerId, source.OriginId, c.Invoice.InvoiceId, c.Invoice.Number, amount, c.At)
                : new CustomerCreditUsed(customerId, source.SourceId, c.Invoice.InvoiceId, c.Invoice.Number, amount, c.On, c.At));
            balance -= amount;
        }

        return events;
    }

    private static IReadOnlyList<AccountEvent> Refund(RecordRefund c, CustomerAccountState state, string customerId)
    {
        if (state.Refunds.Contains(c.RefundId))
        {
            return [];
        }

        if (!state.Credits.TryGetValue(c.SourceId, out var source))
        {
            throw new NotFoundException($"No customer credit '{c.SourceId}' on this account.");
        }

        if (c.Amount <= 0)
        {
            throw new DomainRuleViolation("refund.amount-not-positive", "Le montant d'un remboursement doit être positif.");
        }

        if (!source.UsableOn(c.On) && source.Remaining > 0)
        {
            throw new DomainRuleViolation("credit.expired", "Le crédit client est expiré : il ne peut plus être remboursé.");
        }

        if (c.Amount > source.Remaining)
        {
            throw new DomainRuleViolation("refund.exceeds-credit", $"Le remboursement dépasse le crédit disponible ({Euros.Format(source.Remaining)}).");
        }

        RequireDetails(c.Details);
        return [new RefundRecorded(customerId, c.RefundId, c.SourceId, c.Amount, c.Details, c.On, c.At)];
    }

    private static IReadOnlyList<AccountEvent> Return(ReturnPayment c, CustomerAccountState state, string customerId)
    {
        var payment = RequirePayment(state, c.PaymentId);
        return payment.Status switch
        {
            PaymentStatus.Returned => [],
            PaymentStatus.Received =>
            [
                new PaymentReturned(
                    customerId, c.PaymentId, payment.Details.Method, payment.Amount,
                    [.. (payment.AllocatedTo ?? ImmutableDictionary<string, long>.Empty).Where(a => a.Value > 0).OrderBy(a => a.Key, StringComparer.Ordinal)
                        .Select(a => new ReturnedAllocation(a.Key, a.Value))],
                    state.Credits.TryGetValue(PaymentSource(c.PaymentId), out var credit) ? credit.Remaining : 0,
                    c.Reason, c.ReturnedOn, c.At),
            ],
            _ => throw new DomainRuleViolation("payment.not-received", $"Le paiement {c.PaymentId} n'a pas été reçu : il ne peut pas être retourné (un paiement en attente échoue).", isConflict: true),
        };
    }

    private static IReadOnlyList<AccountEvent> Overdue(RecordInvoiceOverdue c, CustomerAccountState state, string customerId)
    {
        RequireSameCustomer(c.Invoice, customerId);
        var balance = state.BalanceOf(c.Invoice);
        return state.Overdue.Contains(c.Invoice.InvoiceId) || balance <= 0 || c.On <= c.Invoice.DueDate
            ? []
            : [new InvoiceOverdueRecorded(customerId, c.Invoice.InvoiceId, c.Invoice.Number, c.Invoice.DueDate, balance, c.On, c.At)];
    }

    private static PaymentState RequirePayment(CustomerAccountState state, string paymentId) =>
        state.Payments.TryGetValue(paymentId, out var payment) ? payment : throw new NotFoundException($"Payment '{paymentId}' not found on this account.");

    private static void RequireSameCustomer(InvoiceFacts invoice, string customerId)
    {
        if (invoice.CustomerId != customerId)
        {
            throw new DomainRuleViolation("billing.invoice-of-another-customer", $"La facture {invoice.Number} n'appartient pas à ce client.");
        }
    }

    /// <summary>Card: the provider's reference only (and at most the last 4 digits) — never card data. Cheque: its number and bank.</summary>
    internal static void RequireDetails(PaymentDetails d)
    {
        if (CardData.AnyLooksLikeCardNumber(d.ProviderReference, d.CardLast4, d.ChequeNumber, d.Bank, d.TransferReference, d.MandateReference))
        {
            throw new DomainRuleViolation(
                "payment.card-data-refused", "Un numéro de carte ne doit jamais être transmis ni conservé : seule la référence du prestataire l'est (PCI DSS).");
        }

        switch (d.Method)
        {
            case PaymentMethod.Card when string.IsNullOrWhiteSpace(d.ProviderReference):
                throw new DomainRuleViolation("payment.provider-reference-required", "Un paiement par carte doit porter la référence du prestataire de paiement.");
            case PaymentMethod.Card when d.CardLast4 is { } last4 && (last4.Length != 4 || !last4.All(char.IsAsciiDigit)):
                throw new DomainRuleViolation("payment.card-data-refused", "Seuls les 4 derniers chiffres de la carte peuvent être conservés.");
            case PaymentMethod.Cheque when string.IsNullOrWhiteSpace(d.ChequeNumber) || string.IsNullOrWhiteSpace(d.Bank):
                throw new DomainRuleViolation("payment.cheque-details-required", "Un paiement par chèque doit indiquer le numéro du chèque et la banque.");
            case PaymentMethod.SepaDirectDebit when string.IsNullOrWhiteSpace(d.MandateReference):
                throw new DomainRuleViolation("payment.mandate-reference-required", "Un prélèvement SEPA doit indiquer la référence unique du mandat (RUM).");
        }
    }
}
