using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Marina.Shared;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Marina.DirectDebits.Running;

/// <summary>Staff: the direct-debit run by hand (prepare now, seal a date and download its pain.008 file) and the list of debits.</summary>
internal static class DirectDebitEndpoints
{
    public sealed record ScheduledDebitView(string DebitId, DateOnly CollectionDate, string HolderId, string InvoiceId, string InvoiceNumber, long Amount, string Rum) : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    public sealed record DebitView(string DebitId, DateOnly CollectionDate, string HolderId, string InvoiceId, string InvoiceNumber, long Amount, string MandateId,
        string Rum, string Status, string? Sequence, string? MessageId, string? ReasonCode) : IHasCurrency
    {
        public string Currency => Currencies.Euro;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/marina/direct-debits").WithTags("Marina — direct debits");

        group.MapPost("/preparation", async Task<Ok<IReadOnlyList<ScheduledDebitView>>> (ICallerContext caller, DirectDebitService debits, IOfficeCalendars calendars,
            CancellationToken ct) =>
        {
            var scheduled = await debits.PrepareAsync(caller.TenantId, await calendars.TodayAsync(caller.TenantId, ct), ct);
            return TypedResults.Ok<IReadOnlyList<ScheduledDebitView>>([.. scheduled.Select(s =>
                new ScheduledDebitView(s.Debit.DebitId, s.CollectionDate, s.Debit.HolderId, s.Debit.InvoiceId, s.Debit.InvoiceNumber, s.Debit.Amount, s.Debit.Rum))]);
        }).RequireAuthorization("office-staff").Idempotent().WithName("MarinaPrepareDirectDebits")
          .WithSummary("Schedules the debits of open invoices whose holder has an active mandate (≥ 14 days ahead) and e-mails the pre-notifications.");

        group.MapPost("/{collectionDate}/file", async Task<FileContentHttpResult> (DateOnly collectionDate, ICallerContext caller, DirectDebitService debits,
            CancellationToken ct) => File(await debits.SealAsync(caller.TenantId, collectionDate, ct)))
            .RequireAuthorization("office-staff").Idempotent().WithName("MarinaSealDirectDebitFile")
            .WithSummary("Seals the debits of a collection date into one ISO 20022 pain.008.001.02 file (FRST/RCUR per mandate) and returns it.");

        group.MapGet("/{collectionDate}/file", async Task<FileContentHttpResult> (DateOnly collectionDate, ICallerContext caller, DirectDebitService debits,
            CancellationToken ct) => File(await debits.FileAsync(caller.TenantId, collectionDate, null, ct)))
            .RequireAuthorization("office-staff").WithName("MarinaDirectDebitFile").WithSummary("The pain.008 file of a sealed collection date, again.");

        group.MapGet("/", async Task<Ok<Paged<DebitView>>> (DateOnly? from, DateOnly? to, string? status, int? page, int? pageSize, ICallerContext caller,
            SqliteConnectionFactory connections, CancellationToken ct) =>
        {
            var (number, take, skip) = Paging.Of(page, pageSize);
            await using var connection = await connections.OpenAsync(ct);
            var args = new { office = caller.TenantId, from = from is { } f ? Day.Iso(f) : null, to = to is { } t ? Day.Iso(t) : null, status, skip, take };
            const string where = """
                WHERE office_id = @office AND (@from IS NULL OR collection_date >= @from) AND (@to IS NULL OR collection_date <= @to)
                  AND (@status IS NULL OR status = @status)
                """;
            var total = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM marina_debits {where}", args);
            var rows = await connection.QueryAsync<(string DebitId, string Date, string HolderId, string InvoiceId, string InvoiceNumber, long Amount, string MandateId,
                string Rum, string Status, string? Sequence, string? MessageId, string? ReasonCode)>(
                $"""
                SELECT debit_id, collection_date, holder_id, invoice_id, invoice_number, amount, mandate_id, rum, status, sequence, message_id, reason_code
                FROM marina_debits {where} ORDER BY collection_date, invoice_number LIMIT @take OFFSET @skip
                """, args);
            return TypedResults.Ok(new Paged<DebitView>([.. rows.Select(r => new DebitView(r.DebitId, Day.Parse(r.Date), r.HolderId, r.InvoiceId, r.InvoiceNumber,
                r.Amount, r.MandateId, r.Rum, r.Status, r.Sequence, r.MessageId, r.ReasonCode))], number, take, total));
        }).RequireAuthorization("office-read").WithName("MarinaListDirectDebits")
          .WithSummary("Debits by collection date (?from, ?to, ?status = scheduled | sealed | settled | rejected), paged.");
    }

    private static FileContentHttpResult File(DebitFile file) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(file.Xml), "application/xml", file.FileName);
}
