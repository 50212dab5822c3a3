using System.Globalization;
using System.Text.Json;
using Dapper;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.EventStore.Privacy;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.Lists;

/// <summary>Read models of billing's staff lists (projection <c>billing.lists</c>, Sql/002_billing_lists.sql): <c>billing_customers</c>
/// (name as last invoiced, invoiced, settled, customer credit), <c>billing_document_customers</c> (the customer's name as printed on each
/// invoice and credit note), <c>billing_credit_note_details</c>, <c>billing_payments</c> and <c>billing_emails</c> (the notifier's
/// <c>notifications.email-sent/failed</c> records of the office: no address, no body). A consumer's name and city are personal data:
/// scrubbed when the data subject is forgotten. Every write is an upsert or an increment keyed by office, so a rebuild from position 0
/// gives the same rows.</summary>
internal sealed class BillingListsProjection(IDataSubjectKeyStore addressKeys) : IProjection
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "billing.lists";

    public bool Handles(string eventType) => eventType is "billing.invoice-issued" or "billing.credit-note-issued" or "billing.payment-pending"
        or "billing.payment-received" or "billing.payment-failed" or "billing.payment-allocated" or "billing.credit-note-applied"
        or "billing.customer-credit-used" or "billing.refund-recorded" or "billing.customer-credit-expired" or "billing.payment-returned"
        or NotificationEvents.EmailSent or NotificationEvents.EmailFailed or DataSubjectForgotten.WireName;

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        if (e.Type == NotificationEvents.EmailSent)
        {
            var sent = JsonSerializer.Deserialize<EmailSent>(e.Data, Json)!;
            await Execute(ctx, """
                INSERT INTO billing_emails (office_id, stream_id, business_key, template, subject, recipients, recipient_hashes, sent_at, status, attempt, error)
                VALUES (@office, @StreamId, @BusinessKey, @Template, @Subject, @RecipientsCount, @hashes, @sentAt, 'sent', @Attempt, NULL)
                ON CONFLICT (office_id, stream_id) DO UPDATE SET subject = excluded.subject, recipients = excluded.recipients,
                    recipient_hashes = excluded.recipient_hashes, sent_at = excluded.sent_at, status = 'sent', attempt = excluded.attempt, error = NULL
                """, new
            {
                office,
                e.StreamId,
                sent.BusinessKey,
                sent.Template,
                sent.Subject,
                sent.RecipientsCount,
                hashes = string.Join(',', sent.RecipientAddressHashes),
                sentAt = Instant(sent.SentAt),
                sent.Attempt,
            });
            await Recipients(ctx, office, e.StreamId, sent, ct);
            return;
        }

        if (e.Type == NotificationEvents.EmailFailed)
        {
            var failed = JsonSerializer.Deserialize<EmailFailed>(e.Data, Json)!;
            await Execute(ctx, "UPDATE billing_emails SET status = 'failed', error = @Error, attempt = @Attempt WHERE office_id = @office AND stream_id = @StreamId",
                new { office, e.StreamId, failed.Error, failed.Attempt });
            return;
        }

        switch (await ctx.DecodeAsync(e, ct))
        {
            case InvoiceIssued i:
                await Customer(ctx, office, i.Customer, i.CustomerKind);
                await Document(ctx, office, i.InvoiceId, i.Customer, i.CustomerKind);
                await Execute(ctx, """
                    UPDATE billing_customers SET invoice_count = invoice_count + 1, invoiced = invoiced + @Ttc,
                        last_invoice_on = CASE WHEN last_invoice_on IS NULL OR last_invoice_on < @day THEN @day ELSE last_invoice_on END
                    WHERE office_id = @office AND customer_id = @CustomerId
                    """, new { office, i.CustomerId, Ttc = i.Totals.TotalTtc, day = BillingReadModelProjection.Day(i.IssueDate) });
                break;
            case CreditNoteIssued c:
                await Customer(ctx, office, c.Customer, c.CustomerKind);
                await Document(ctx, office, c.CreditNoteId, c.Customer, c.CustomerKind);
                await Execute(ctx, """
                    INSERT INTO billing_credit_note_details (office_id, credit_note_id, invoice_number, reason, disposition)
                    VALUES (@office, @CreditNoteId, @InvoiceNumber, @Reason, @disposition)
                    ON CONFLICT (office_id, credit_note_id) DO NOTHING
                    """, new { office, c.CreditNoteId, c.InvoiceNumber, c.Reason, disposition = Camel(c.Disposition.ToString()) });
                break;
            case PaymentPending p:
                await EnsureCustomer(ctx, office, p.CustomerId);
                await Payment(ctx, office, p.CustomerId, p.PaymentId, p.Details, p.Amount, "pending", null, p.RecordedAt);
                break;
            case PaymentReceived p:
                await EnsureCustomer(ctx, office, p.CustomerId);
                await Payment(ctx, office, p.CustomerId, p.PaymentId, p.Details, p.Amount, "received", p.ReceivedOn, p.RecordedAt);
                await Credit(ctx, office, p.CustomerId, p.Amount);
                break;
            case PaymentFailed p:
                await Execute(ctx, "UPDATE billing_payments SET status = 'failed' WHERE office_id = @office AND payment_id = @PaymentId", new { office, p.PaymentId });
                break;
            case PaymentAllocated a:
                await Execute(ctx, "UPDATE billing_payments SET allocated = allocated + @Amount WHERE office_id = @office AND payment_id = @PaymentId",
                    new { office, a.PaymentId, a.Amount });
                await Settle(ctx, office, a.CustomerId, a.Amount);
                await Credit(ctx, office, a.CustomerId, -a.Amount);
                break;
            case CustomerCreditUsed u:
                await Settle(ctx, office, u.CustomerId, u.Amount);
                await Credit(ctx, office, u.CustomerId, -u.Amount);
                break;
            case CreditNoteApplied n:
                await EnsureCustomer(ctx, office, n.CustomerId);
                await Settle(ctx, office, n.CustomerId, n.OffsetOnInvoice);
                await Credit(ctx, office, n.CustomerId, n.Remainder);
                break;
            case RefundRecorded r:
                await Credit(ctx, office, r.CustomerId, -r.Amount);
                break;
            case CustomerCreditExpired x:
                await Credit(ctx, office, x.CustomerId, -x.Amount);
                break;
            case PaymentReturned r:
                var returned = r.Allocations.Sum(a => a.Amount);
                await Execute(ctx, "UPDATE billing_payments SET status = 'returned', allocated = allocated - @returned WHERE office_id = @office AND payment_id = @PaymentId",
                    new { office, r.PaymentId, returned });
                await Settle(ctx, office, r.CustomerId, -returned);
                await Credit(ctx, office, r.CustomerId, -r.Unallocated);
                break;
            case DataSubjectForgotten f when RecipientAddresses.HashOfSubject(f.SubjectId) is { } hash:
                await Execute(ctx, """
                    UPDATE billing_email_recipients SET address = @erased, search_text = ''
                    WHERE office_id = @office AND address_hash = @hash AND address IS NOT NULL
                    """, new { office, hash, erased = PersonalData.ErasedText });
                break;
            case DataSubjectForgotten f:
                var erased = PersonalData.ErasedText;
                await Execute(ctx, "UPDATE billing_customers SET name = @erased, city = '', search_text = '' WHERE office_id = @office AND data_subject_id = @SubjectId",
                    new { office, f.SubjectId, erased });
                await Execute(ctx, "UPDATE billing_document_customers SET customer_name = @erased, search_text = '' WHERE office_id = @office AND data_subject_id = @SubjectId",
                    new { office, f.SubjectId, erased });
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) => ctx.Connection.ExecuteAsync(
        "DELETE FROM billing_customers; DELETE FROM billing_document_customers; DELETE FROM billing_credit_note_details; DELETE FROM billing_payments; DELETE FROM billing_emails; DELETE FROM billing_email_recipients;",
        transaction: ctx.Transaction);

    internal static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    /// <summary>One row per recipient: the address opened from its sealed copy (erased once its subject is forgotten; null before v2).</summary>
    private async Task Recipients(ProjectionContext ctx, string office, string streamId, EmailSent sent, CancellationToken ct)
    {
        for (var i = 0; i < sent.RecipientAddressHashes.Count; i++)
        {
            var hash = sent.RecipientAddressHashes[i];
            var sealedAddress = sent.SealedRecipientAddresses is { } all && i < all.Count ? all[i] : null;
            var address = sealedAddress is null ? null : await RecipientAddresses.OpenAsync(addressKeys, office, hash, sealedAddress, ct);
            var search = address is null or PersonalData.ErasedText ? "" : address.Trim().ToLowerInvariant();
            await Execute(ctx, """
                INSERT INTO billing_email_recipients (office_id, stream_id, ordinal, address_hash, address, search_text)
                VALUES (@office, @streamId, @i, @hash, @address, @search)
                ON CONFLICT (office_id, stream_id, ordinal) DO UPDATE SET address_hash = excluded.address_hash, address = excluded.address,
                    search_text = excluded.search_text
                """, new { office, streamId, i, hash, address, search });
        }

        // A retry with fewer recipients than the first attempt leaves none behind.
        await Execute(ctx, "DELETE FROM billing_email_recipients WHERE office_id = @office AND stream_id = @streamId AND ordinal >= @count",
            new { office, streamId, count = sent.RecipientAddressHashes.Count });
    }

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static Task Execute(ProjectionContext ctx, string sql, object args) => ctx.Connection.ExecuteAsync(sql, args, ctx.Transaction);

    /// <summary>A consumer's name and city are personal data: keyed by the data subject so that forgetting scrubs them.</summary>
    private static string? SubjectOf(BillingCustomer customer, CustomerKind kind) =>
        kind == CustomerKind.Consumer ? customer.DataSubjectId ?? customer.CustomerId : null;

    private static Task Customer(ProjectionContext ctx, string office, BillingCustomer customer, CustomerKind kind) => Execute(ctx, """
        INSERT INTO billing_customers (office_id, customer_id, data_subject_id, kind, name, city, search_text)
        VALUES (@office, @CustomerId, @subject, @kind, @Name, @city, @search)
        ON CONFLICT (office_id, customer_id) DO UPDATE SET data_subject_id = excluded.data_subject_id, kind = excluded.kind, name = excluded.name,
            city = excluded.city, search_text = excluded.search_text
        """, new
    {
        office,
        customer.CustomerId,
        subject = SubjectOf(customer, kind),
        kind = Camel(kind.ToString()),
        customer.Name,
        city = customer.Address.City,
        search = ListSearch.Normalize(customer.Name, customer.CustomerId, customer.Address.City),
    });

    private static Task EnsureCustomer(ProjectionContext ctx, string office, string customerId) => Execute(ctx, """
        INSERT INTO billing_customers (office_id, customer_id, data_subject_id, kind, name, city, search_text)
        VALUES (@office, @customerId, NULL, '', @customerId, '', @search)
        ON CONFLICT (office_id, customer_id) DO NOTHING
        """, new { office, customerId, search = ListSearch.Normalize(customerId) });

    private static Task Document(ProjectionContext ctx, string office, string documentId, BillingCustomer customer, CustomerKind kind) => Execute(ctx, """
        INSERT INTO billing_document_customers (office_id, document_id, customer_id, data_subject_id, customer_name, search_text)
        VALUES (@office, @documentId, @CustomerId, @subject, @Name, @search)
        ON CONFLICT (office_id, document_id) DO NOTHING
        """, new { office, documentId, customer.CustomerId, subject = SubjectOf(customer, kind), customer.Name, search = ListSearch.Normalize(customer.Name) });

    private static Task Payment(
        ProjectionContext ctx, string office, string customerId, string paymentId, PaymentDetails details, long amount, string status, DateOnly? receivedOn, DateTimeOffset at) =>
        Execute(ctx, """
            INSERT INTO billing_payments (office_id, payment_id, customer_id, method, reference, amount, allocated, status, received_on, recorded_at)
            VALUES (@office, @paymentId, @customerId, @method, @reference, @amount, 0, @status, @receivedOn, @at)
            ON CONFLICT (office_id, payment_id) DO UPDATE SET status = excluded.status, received_on = excluded.received_on, amount = excluded.amount
            """, new
        {
            office,
            paymentId,
            customerId,
            method = Camel(details.Method.ToString()),
            reference = details.ProviderReference ?? details.ChequeNumber ?? details.TransferReference ?? details.MandateReference,
            amount,
            status,
            receivedOn = receivedOn is { } day ? BillingReadModelProjection.Day(day) : null,
            at = Instant(at),
        });

    private static Task Settle(ProjectionContext ctx, string office, string customerId, long amount) => amount == 0
        ? Task.CompletedTask
        : Execute(ctx, "UPDATE billing_customers SET settled = settled + @amount WHERE office_id = @office AND customer_id = @customerId", new { office, customerId, amount });

    private static Task Credit(ProjectionContext ctx, string office, string customerId, long amount) => amount == 0
        ? Task.CompletedTask
        : Execute(ctx, "UPDATE billing_customers SET credit = credit + @amount WHERE office_id = @office AND customer_id = @customerId", new { office, customerId, amount });
}
