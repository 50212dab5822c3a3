using System.Globalization;
using Dapper;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Email;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Jobs;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.Modules.Billing.Accounts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Offices.Contracts;
using CustomerAccount = Monolith.Modules.Billing.Accounts.CustomerAccount;

namespace Monolith.Modules.Billing.Dunning;

/// <summary>Daily: lists overdue invoices (due date passed, balance left) and sends the reminder due on the office's schedule
/// (setting <c>billing.reminder-days</c>, days after the due date, default "7,15,30"). Each reminder is sent once: its business key is
/// <c>billing/invoice-{id}/reminder-{n}</c>; a late run sends only the latest step due, never a burst of the missed ones.</summary>
internal sealed class DunningJob(
    IReadModelDatabase connections,
    InvoiceList invoices,
    NumberedDocuments documents,
    PaymentRequests payments,
    IOfficeDirectory offices,
    INotifier notifier,
    CommandHandler handler,
    TimeProvider time) : ScheduledJob(time)
{
    public const string ScheduleSetting = "billing.reminder-days";
    public static readonly int[] DefaultSchedule = [7, 15, 30];

    public static string ReminderKey(string invoiceId, int step) => $"billing/invoice-{invoiceId}/reminder-{step}";

    public sealed record ReminderModel(int Step, string Number, string IssueDate, string DueDate, string Balance, string CustomerName, string SellerName, string LatePenaltyMention);

    protected override async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyList<string> officeIds;
        await using (var connection = await connections.OpenAsync(ct))
        {
            officeIds = [.. await connection.QueryAsync<string>("SELECT DISTINCT office_id FROM billing_invoices WHERE total_ttc > settled")];
        }

        foreach (var officeId in officeIds)
        {
            var office = await offices.GetOfficeAsync(officeId, ct);
            var today = DocumentRegister.LocalDate(now, OfficeCalendar.ZoneOf(office?.TimeZone));
            var schedule = Schedule((await offices.GetTermsInForceAsync(officeId, today, ct))?.Settings.GetValueOrDefault(ScheduleSetting));
            foreach (var row in (await invoices.ListAsync(officeId, null, ct)).Where(i => i.Balance > 0 && i.DueDate < today))
            {
                if (await documents.LoadInvoiceAsync(officeId, row.InvoiceId, ct) is not { } invoice)
                {
                    continue;
                }

                // The published fact "invoice overdue", once per invoice (the account returns [] when already recorded or paid meanwhile).
                await handler.HandleAsync(
                    CustomerAccount.For(invoice.CustomerId), CustomerAccount.StreamId(officeId, invoice.CustomerId),
                    new RecordInvoiceOverdue(InvoiceFacts.From(invoice), today, now),
                    CommandContexts.ForSystem(officeId, "billing.dunning", null, DeterministicGuid.Create(DeterministicGuid.PlatformNamespace, $"billing/{officeId}/invoice-{invoice.InvoiceId}/overdue")),
                    ct: ct);
                var daysLate = today.DayNumber - row.DueDate.DayNumber;
                var step = schedule.Count(days => days <= daysLate);
                if (step == 0)
                {
                    continue;
                }

                if (string.IsNullOrWhiteSpace(invoice.Customer.Email) || invoice.Customer.Email == BuildingBlocks.EventStore.Privacy.PersonalData.ErasedText)
                {
                    continue;
                }

                var balance = (await payments.GetAsync(officeId, row.InvoiceId, ct))?.Amount ?? 0;
                if (balance <= 0)
                {
                    continue;
                }

                var model = new ReminderModel(
                    step, invoice.Number, Day(invoice.IssueDate), Day(invoice.DueDate), Euros.Format(balance), invoice.Customer.Name,
                    invoice.Seller.LegalName, invoice.LatePenaltyMention);
                await notifier.SendAsync(new NotificationRequest(officeId, ReminderKey(invoice.InvoiceId, step), "billing.reminder", model, [invoice.Customer.Email]), ct);
            }
        }
    }

    internal static int[] Schedule(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return DefaultSchedule;
        }

        var days = setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .ToArray();
        return days.Length > 0 && days.All(d => d >= 0) ? [.. days.Order()] : DefaultSchedule;
    }

    private static string Day(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
