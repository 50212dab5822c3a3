using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Lists;

/// <summary>An e-mail the office sent (the notifier's record): template, subject, number of recipients and their addresses, when,
/// <see cref="Status"/> <c>sent</c> or <c>failed</c> (the last attempt's <see cref="Error"/> kind). Never the body. The addresses are
/// personal data, sealed in the log under one key per address: once the person is forgotten they read <c>[effacé]</c>; e-mails recorded
/// before the addresses were kept list none (their recipients are still found with <c>?to=address</c>, by SHA-256).</summary>
internal sealed record EmailListItem(
    string EmailId, string Template, string Subject, int Recipients, IReadOnlyList<string> RecipientAddresses, DateTimeOffset SentAt, string Status, int Attempt,
    string? Error, string BusinessKey);

internal enum EmailStatusFilter
{
    Sent,
    Failed,
}

/// <summary>GET <c>/api/billing/emails</c>: the e-mails sent by the office (every module's notifications). Office admins and staff see
/// them all; an accountant sees billing's (invoices, credit notes, reminders, closures). Filters: status, template, dates (<c>from</c>, <c>until</c>: <c>to</c> names the recipient here), recipient.</summary>
internal static class ListEmailsEndpoint
{
    private static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["sentAt"] = "sent_at",
        ["template"] = "template",
        ["subject"] = "subject",
    };

    public static void Map(IEndpointRouteBuilder app) =>
        BillingAccess.Api(app).MapGet("/emails", HandleAsync).RequireAuthorization(PlatformPolicies.OfficeRead).WithName("ListSentEmails").WithCsvExport().WithListFilter<EmailStatusFilter>("status").WithListSort(Sorts, "-sentAt")
            .WithSummary("E-mails sent by the office: template, subject, recipients (count and addresses), date, status — no body. Search by subject, key or recipient address; to=address; paged, sort, CSV.");

    internal static async Task<Results<Ok<Paged<EmailListItem>>, FileContentHttpResult>> HandleAsync(
        string? status, string? template, string? to, DateOnly? from, DateOnly? until, string? q, string? sort, int? page, int? pageSize, string? format,
        ICallerContext caller, HttpContext http, IReadModelDatabase connections, IOfficeCalendars calendars, CancellationToken ct)
    {
        var statusFilter = ListFilters.Enum<EmailStatusFilter>(status, "status");
        ListFilters.Range(from, until, "from", "until");
        if (to is { Length: > 0 } && (to.Length > 320 || to.Count(c => c == '@') != 1))
        {
            throw new RequestValidationException("to", $"« {to} » n'est pas une adresse e-mail.");
        }

        var pattern = ListSearch.Pattern(q);
        var orderBy = ListSort.OrderBy(sort, Sorts, "-sentAt", "stream_id");
        var csv = CsvExport.Requested(http, format);
        var calendar = await calendars.ForAsync(caller.TenantId, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZone);
        var billingOnly = !caller.IsInRole(Roles.OfficeAdmin) && !caller.IsInRole(Roles.OfficeStaff);
        await using var connection = await connections.OpenAsync(ct);
        var rows = await ListQuery.PageAsync<Row>(
            connection,
            """
            stream_id AS EmailId, template AS Template, subject AS Subject, recipients AS Recipients, sent_at AS SentAt, status AS Status, attempt AS Attempt,
            error AS Error, business_key AS BusinessKey
            """,
            """
            FROM billing_emails
            WHERE office_id = @office AND (@billingOnly = 0 OR template LIKE 'billing.%') AND (@status IS NULL OR status = @status)
              AND (@template IS NULL OR template = @template) AND (@hash IS NULL OR recipient_hashes LIKE @hash)
              AND (@fromAt IS NULL OR sent_at >= @fromAt) AND (@untilAt IS NULL OR sent_at < @untilAt)
              AND (@q IS NULL OR LOWER(subject) LIKE @q ESCAPE '\' OR LOWER(business_key) LIKE @q ESCAPE '\'
                OR EXISTS (SELECT 1 FROM billing_email_recipients r
                           WHERE r.office_id = billing_emails.office_id AND r.stream_id = billing_emails.stream_id AND r.search_text LIKE @q ESCAPE '\'))
            """,
            orderBy,
            new
            {
                office = caller.TenantId,
                billingOnly = billingOnly ? 1 : 0,
                status = statusFilter is { } s ? BillingListsProjection.Camel(s.ToString()) : null,
                template = ListFilters.Text(template),
                hash = to is { Length: > 0 } ? "%" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(to.Trim().ToLowerInvariant()))) + "%" : null,
                fromAt = from is { } f ? StartOf(f, zone) : null,
                untilAt = until is { } u ? StartOf(u.AddDays(1), zone) : null,
                q = pattern,
            },
            page,
            pageSize,
            csv);
        var addresses = await AddressesAsync(connection, caller.TenantId, [.. rows.Items.Select(r => r.EmailId)]);
        var items = rows.Map(r => new EmailListItem(
            r.EmailId, r.Template, r.Subject, (int)r.Recipients, addresses.GetValueOrDefault(r.EmailId) ?? [], DateTimeOffset.Parse(r.SentAt, CultureInfo.InvariantCulture),
            r.Status, (int)r.Attempt, r.Error, r.BusinessKey));
        if (csv)
        {
            return CsvExport.File(items.Items, Columns(zone), $"emails-{calendar.Today:yyyy-MM-dd}");
        }

        return TypedResults.Ok(items);
    }

    /// <summary>The known addresses of each e-mail, in the order of its recipients (by chunks: a CSV export reads many e-mails).</summary>
    private static async Task<Dictionary<string, List<string>>> AddressesAsync(System.Data.IDbConnection connection, string office, IReadOnlyList<string> emailIds)
    {
        var byEmail = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var chunk in emailIds.Chunk(500))
        {
            // Named parameters, not a list parameter: Dapper expands a list on SQLite but hands it to Npgsql as one array.
            var args = new DynamicParameters(new { office });
            for (var i = 0; i < chunk.Length; i++)
            {
                args.Add($"id{i}", chunk[i]);
            }

            var rows = await connection.QueryAsync<(string StreamId, string Address)>(
                $"""
                SELECT stream_id, address FROM billing_email_recipients
                WHERE office_id = @office AND stream_id IN ({string.Join(", ", chunk.Select((_, i) => $"@id{i}"))}) AND address IS NOT NULL
                ORDER BY stream_id, ordinal
                """,
                args);
            foreach (var (streamId, address) in rows)
            {
                (byEmail.TryGetValue(streamId, out var list) ? list : byEmail[streamId] = []).Add(address);
            }
        }

        return byEmail;
    }

    /// <summary>The UTC instant (as stored, ISO 8601) at which <paramref name="day"/> begins in the office.</summary>
    private static string StartOf(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), zone).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    private static IReadOnlyList<CsvColumn<EmailListItem>> Columns(TimeZoneInfo zone) =>
    [
        CsvColumn<EmailListItem>.Instant("Envoyé le", r => r.SentAt, zone),
        CsvColumn<EmailListItem>.Text("Modèle", r => r.Template),
        CsvColumn<EmailListItem>.Text("Objet", r => r.Subject),
        CsvColumn<EmailListItem>.Number("Destinataires", r => r.Recipients),
        CsvColumn<EmailListItem>.Text("Adresses", r => string.Join(", ", r.RecipientAddresses)),
        CsvColumn<EmailListItem>.Text("Statut", r => r.Status == "sent" ? "Envoyé" : "Échec"),
        CsvColumn<EmailListItem>.Number("Tentative", r => r.Attempt),
    ];

    private sealed record Row(string EmailId, string Template, string Subject, long Recipients, string SentAt, string Status, long Attempt, string? Error, string BusinessKey);
}
