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

        group.MapGet("/", ListAsync).RequireAuthorization("office-read").WithName("MarinaListDirectDebits").WithCsvExport()
            .WithListFilter("status", Statuses).WithListSort(Sorts, "collectionDate,invoiceNumber")
            .WithSummary("Debits (paged) by collection date (?from, ?to), status, holder; search by invoice number, RUM or holder id; sort; CSV.");
    }

    /// <summary>The statuses the list filter accepts (an unknown one is a 400, docs/api.md "Lists").</summary>
    internal static readonly string[] Statuses = ["scheduled", "sealed", "settled", "rejected"];

    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["collectionDate"] = "collection_date",
        ["invoiceNumber"] = "invoice_number",
        ["amount"] = "amount",
        ["holderId"] = "holder_id",
    };

    internal static async Task<Results<Ok<Paged<DebitView>>, FileContentHttpResult>> ListAsync(
        DateOnly? from, DateOnly? to, string? status, string? holderId, string? q, string? sort, int? page, int? pageSize, string? format, ICallerContext caller,
        HttpContext http, IReadModelDatabase connections, CancellationToken ct)
    {
        ListFilters.Range(from, to);
        var args = new
        {
            office = caller.TenantId,
            from = ListFilters.Day(from),
            to = ListFilters.Day(to),
            status = ListFilters.OneOf(status, "status", Statuses),
            holderId = ListFilters.Text(holderId),
            q = ListSearch.Pattern(q),
        };
        var orderBy = ListSort.OrderBy(sort, Sorts, "collectionDate,invoiceNumber", "debit_id");
        var csv = CsvExport.Requested(http, format);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<DebitRow>(
            connection,
            """
            debit_id AS DebitId, collection_date AS CollectionDate, holder_id AS HolderId, invoice_id AS InvoiceId, invoice_number AS InvoiceNumber, amount AS Amount,
            mandate_id AS MandateId, rum AS Rum, status AS Status, sequence AS Sequence, message_id AS MessageId, reason_code AS ReasonCode
            """,
            """
            FROM marina_debits
            WHERE office_id = @office AND (@from IS NULL OR collection_date >= @from) AND (@to IS NULL OR collection_date <= @to)
              AND (@status IS NULL OR status = @status) AND (@holderId IS NULL OR holder_id = @holderId)
              AND (@q IS NULL OR LOWER(invoice_number) LIKE @q ESCAPE '\' OR LOWER(rum) LIKE @q ESCAPE '\' OR LOWER(holder_id) LIKE @q ESCAPE '\')
            """,
            orderBy,
            args,
            page,
            pageSize,
            csv);
        var items = rows.Map(r => r.ToView());
        return csv ? CsvExport.File(items.Items, CsvColumns, "prelevements") : TypedResults.Ok(items);
    }

    private static readonly IReadOnlyList<CsvColumn<DebitView>> CsvColumns =
    [
        CsvColumn<DebitView>.Date("Date de prélèvement", r => r.CollectionDate),
        CsvColumn<DebitView>.Text("N° plaisancier", r => r.HolderId),
        CsvColumn<DebitView>.Text("Facture", r => r.InvoiceNumber),
        CsvColumn<DebitView>.Euros("Montant (€)", r => r.Amount),
        CsvColumn<DebitView>.Text("RUM", r => r.Rum),
        CsvColumn<DebitView>.Text("Statut", r => r.Status switch
        {
            "scheduled" => "Programmé",
            "sealed" => "Remis",
            "settled" => "Encaissé",
            "rejected" => "Rejeté",
            _ => r.Status,
        }),
        CsvColumn<DebitView>.Text("Séquence", r => r.Sequence),
        CsvColumn<DebitView>.Text("Motif de rejet", r => r.ReasonCode),
    ];

    /// <summary>A row as stored (integers whatever width the engine returns: Dapper converts into properties).</summary>
    private sealed class DebitRow
    {
        public string DebitId { get; set; } = "";

        public string CollectionDate { get; set; } = "";

        public string HolderId { get; set; } = "";

        public string InvoiceId { get; set; } = "";

        public string InvoiceNumber { get; set; } = "";

        public long Amount { get; set; }

        public string MandateId { get; set; } = "";

        public string Rum { get; set; } = "";

        public string Status { get; set; } = "";

        public string? Sequence { get; set; }

        public string? MessageId { get; set; }

        public string? ReasonCode { get; set; }

        public DebitView ToView() => new(DebitId, Day.Parse(CollectionDate), HolderId, InvoiceId, InvoiceNumber, Amount, MandateId, Rum, Status, Sequence, MessageId,
            ReasonCode);
    }

    private static FileContentHttpResult File(DebitFile file) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(file.Xml), "application/xml", file.FileName);
}
