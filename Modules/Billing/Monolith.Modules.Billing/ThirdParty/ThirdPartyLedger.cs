using System.Globalization;
using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Money;
using Monolith.BuildingBlocks.Persistence;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Documents;
using Monolith.Modules.Billing.Numbering;

namespace Monolith.Modules.Billing.ThirdParty;

/// <summary>A provider the office collects for, with what it is owed now (collected − credited − paid out).</summary>
internal sealed record ThirdPartyProviderBalance(string ProviderId, string Name, string? Siren, long Collected, long Credited, long PaidOut, long Owed) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

/// <summary>One line of a provider's statement: an invoice line collected for it (positive), a credit-note line taking it back or a
/// payout to it (negative).</summary>
internal sealed record ThirdPartyStatementLine(string Kind, DateOnly Date, string DocumentId, string Number, string Label, int Quantity, long Amount);

/// <summary>A provider's payout statement for [<paramref name="From"/>, <paramref name="To"/>]: owed at the start, collected, credited and
/// paid out in the period, owed at the end (<paramref name="Owed"/>), and the period's lines (paged).</summary>
internal sealed record ThirdPartyStatement(
    string ProviderId,
    string Name,
    string? Siren,
    DateOnly From,
    DateOnly To,
    long OpeningBalance,
    long Collected,
    long Credited,
    long PaidOut,
    long Owed,
    Paged<ThirdPartyStatementLine> Lines) : IHasCurrency
{
    public string Currency => Currencies.Euro;
}

/// <summary>Read model of third-party funds (<c>billing_third_party_providers</c>, <c>billing_third_party_entries</c>): every invoice or
/// credit-note line sold in a provider's name and every payout to it (ADR 0022).</summary>
internal sealed class ThirdPartyFundsProjection : IProjection
{
    public const string ProjectionName = "billing.third-party-funds";

    public string Name => ProjectionName;

    public bool Handles(string eventType) => eventType is "billing.invoice-issued" or "billing.credit-note-issued" or "billing.third-party-payout-recorded";

    public async Task ApplyAsync(RecordedEvent e, ProjectionContext ctx, CancellationToken ct)
    {
        var office = e.Metadata.TenantId;
        switch (await ctx.DecodeAsync(e, ct))
        {
            case InvoiceIssued i:
                await LinesAsync(ctx, office, e.Position, "invoice", i.IssueDate, i.InvoiceId, i.Number, i.Lines, sign: 1);
                break;
            case CreditNoteIssued c:
                await LinesAsync(ctx, office, e.Position, "credit-note", c.IssueDate, c.DocumentId, c.Number, c.Lines, sign: -1);
                break;
            case ThirdPartyPayoutRecorded p:
                await ProviderAsync(ctx, office, p.Provider);
                await EntryAsync(ctx, office, p.Provider.ProviderId, "payout:" + p.PayoutId, e.Position, "payout", p.PaidOn, p.PayoutId, p.Reference ?? p.PayoutId,
                    $"Reversement à {p.Provider.Name}", 1, -p.Amount);
                break;
        }
    }

    public Task ResetAsync(ProjectionContext ctx, CancellationToken ct) =>
        ctx.Connection.ExecuteAsync("DELETE FROM billing_third_party_entries; DELETE FROM billing_third_party_providers;", transaction: ctx.Transaction);

    private static async Task LinesAsync(
        ProjectionContext ctx, string office, long position, string kind, DateOnly date, string documentId, string number, IReadOnlyList<DocumentLine> lines, int sign)
    {
        for (var index = 0; index < lines.Count; index++)
        {
            if (lines[index].OnBehalfOf is not { } provider)
            {
                continue;
            }

            await ProviderAsync(ctx, office, provider);
            await EntryAsync(ctx, office, provider.ProviderId, $"{documentId}#{index}", position, kind, date, documentId, number, lines[index].Label,
                lines[index].Quantity, sign * lines[index].Ttc);
        }
    }

    /// <summary>The provider's name and SIREN as last sold (a renamed provider shows its latest name).</summary>
    private static Task ProviderAsync(ProjectionContext ctx, string office, ThirdPartyProvider provider) =>
        ctx.Connection.ExecuteAsync(
            """
            INSERT INTO billing_third_party_providers (office_id, provider_id, name, siren) VALUES (@office, @ProviderId, @Name, @Siren)
            ON CONFLICT (office_id, provider_id) DO UPDATE SET name = excluded.name, siren = COALESCE(excluded.siren, billing_third_party_providers.siren)
            """,
            new { office, provider.ProviderId, provider.Name, provider.Siren },
            ctx.Transaction);

    private static Task EntryAsync(
        ProjectionContext ctx, string office, string providerId, string entryId, long position, string kind, DateOnly date, string documentId, string number,
        string label, int quantity, long amount) =>
        ctx.Connection.ExecuteAsync(
            """
            INSERT INTO billing_third_party_entries (office_id, provider_id, entry_id, position, kind, on_date, document_id, number, label, quantity, amount)
            VALUES (@office, @providerId, @entryId, @position, @kind, @date, @documentId, @number, @label, @quantity, @amount)
            ON CONFLICT (office_id, provider_id, entry_id) DO NOTHING
            """,
            new { office, providerId, entryId, position, kind, date = BillingReadModelProjection.Day(date), documentId, number, label, quantity, amount },
            ctx.Transaction);
}

/// <summary>Queries over the third-party funds read model.</summary>
internal sealed class ThirdPartyLedger(IReadModelDatabase connections)
{
    private const string Totals =
        """
        CAST(COALESCE(SUM(CASE WHEN e.kind = 'invoice' THEN e.amount ELSE 0 END), 0) AS BIGINT) AS Collected,
        CAST(COALESCE(SUM(CASE WHEN e.kind = 'credit-note' THEN -e.amount ELSE 0 END), 0) AS BIGINT) AS Credited,
        CAST(COALESCE(SUM(CASE WHEN e.kind = 'payout' THEN -e.amount ELSE 0 END), 0) AS BIGINT) AS PaidOut
        """;

    public async Task<Paged<ThirdPartyProviderBalance>> ProvidersAsync(string officeId, int? page, int? pageSize, CancellationToken ct = default)
    {
        var (number, size, offset) = Paging.Of(page, pageSize);
        await using var connection = await connections.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition("SELECT COUNT(*) FROM billing_third_party_providers WHERE office_id = @officeId", new { officeId }, cancellationToken: ct));
        var rows = await connection.QueryAsync<ProviderRow>(new CommandDefinition(
            $"""
            SELECT p.provider_id AS ProviderId, p.name AS Name, p.siren AS Siren, {Totals}
            FROM billing_third_party_providers p
            LEFT JOIN billing_third_party_entries e ON e.office_id = p.office_id AND e.provider_id = p.provider_id
            WHERE p.office_id = @officeId
            GROUP BY p.provider_id, p.name, p.siren
            ORDER BY p.name, p.provider_id
            LIMIT @size OFFSET @offset
            """,
            new { officeId, size, offset },
            cancellationToken: ct));
        return new Paged<ThirdPartyProviderBalance>([.. rows.Select(r => r.ToBalance())], number, size, total);
    }

    public async Task<ThirdPartyProviderBalance?> ProviderAsync(string officeId, string providerId, DateOnly? before = null, CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ProviderRow>(new CommandDefinition(
            $"""
            SELECT p.provider_id AS ProviderId, p.name AS Name, p.siren AS Siren, {Totals}
            FROM billing_third_party_providers p
            LEFT JOIN billing_third_party_entries e ON e.office_id = p.office_id AND e.provider_id = p.provider_id AND (@before IS NULL OR e.on_date < @before)
            WHERE p.office_id = @officeId AND p.provider_id = @providerId
            GROUP BY p.provider_id, p.name, p.siren
            """,
            new { officeId, providerId, before = before is { } b ? BillingReadModelProjection.Day(b) : null },
            cancellationToken: ct));
        return row?.ToBalance();
    }

    /// <summary>The statement of [<paramref name="from"/>, <paramref name="to"/>]; null when the office never collected for the provider.
    /// <paramref name="pageSize"/> null with <paramref name="all"/>: every line (the PDF).</summary>
    public async Task<ThirdPartyStatement?> StatementAsync(
        string officeId, string providerId, DateOnly from, DateOnly to, int? page, int? pageSize, bool all = false, CancellationToken ct = default)
    {
        if (await ProviderAsync(officeId, providerId, from, ct) is not { } opening)
        {
            return null;
        }

        var (number, size, offset) = all ? (1, int.MaxValue, 0L) : Paging.Of(page, pageSize);
        await using var connection = await connections.OpenAsync(ct);
        var args = new { officeId, providerId, from = BillingReadModelProjection.Day(from), to = BillingReadModelProjection.Day(to), size, offset };
        var period = await connection.QuerySingleAsync<ProviderRow>(new CommandDefinition(
            $"""
            SELECT @providerId AS ProviderId, '' AS Name, NULL AS Siren, {Totals}, COUNT(*) AS Lines
            FROM billing_third_party_entries e
            WHERE e.office_id = @officeId AND e.provider_id = @providerId AND e.on_date >= @from AND e.on_date <= @to
            """,
            args,
            cancellationToken: ct));
        var lines = await connection.QueryAsync<LineRow>(new CommandDefinition(
            """
            SELECT kind AS Kind, on_date AS Date, document_id AS DocumentId, number AS Number, label AS Label, quantity AS Quantity, amount AS Amount
            FROM billing_third_party_entries
            WHERE office_id = @officeId AND provider_id = @providerId AND on_date >= @from AND on_date <= @to
            ORDER BY on_date, position, entry_id
            LIMIT @size OFFSET @offset
            """,
            args,
            cancellationToken: ct));
        var items = lines.Select(l => new ThirdPartyStatementLine(
            l.Kind, DateOnly.Parse(l.Date, CultureInfo.InvariantCulture), l.DocumentId, l.Number, l.Label, (int)l.Quantity, l.Amount)).ToList();
        return new ThirdPartyStatement(
            opening.ProviderId, opening.Name, opening.Siren, from, to, opening.Owed, period.Collected, period.Credited, period.PaidOut,
            opening.Owed + period.Collected - period.Credited - period.PaidOut,
            new Paged<ThirdPartyStatementLine>(items, number, all ? items.Count : size, period.Lines));
    }

    private sealed class ProviderRow
    {
        public string ProviderId { get; init; } = "";

        public string Name { get; init; } = "";

        public string? Siren { get; init; }

        public long Collected { get; init; }

        public long Credited { get; init; }

        public long PaidOut { get; init; }

        public long Lines { get; init; }

        public ThirdPartyProviderBalance ToBalance() => new(ProviderId, Name, Siren, Collected, Credited, PaidOut, Collected - Credited - PaidOut);
    }

    private sealed class LineRow
    {
        public string Kind { get; init; } = "";

        public string Date { get; init; } = "";

        public string DocumentId { get; init; } = "";

        public string Number { get; init; } = "";

        public string Label { get; init; } = "";

        public long Quantity { get; init; }

        public long Amount { get; init; }
    }
}
