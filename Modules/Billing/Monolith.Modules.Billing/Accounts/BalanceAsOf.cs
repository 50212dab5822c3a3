using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Billing.Contracts;
using Monolith.Modules.Billing.Ledger;
using Monolith.Modules.Billing.Numbering;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Billing.Accounts;

/// <summary>A customer account recomputed from the events recorded up to the end of <paramref name="AsOf"/> (office-local date), with the
/// positions of the events it folded.</summary>
internal sealed record AccountAsOf(DateOnly AsOf, CustomerAccountView Account, IReadOnlyList<long> Positions);

/// <summary>GET <c>/api/audit/customers/{customerId}/account?asOf=yyyy-MM-dd</c> (accountants and administrators).</summary>
internal static class BalanceAsOfEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(PlatformPolicies.Accountant)
            .MapGet("/customers/{customerId}/account", HandleAsync).WithName("GetCustomerAccountAsOf")
            .WithSummary("The customer account as of the end of a past date, recomputed from the events (not from the read model).");

    internal static async Task<Ok<AccountAsOf>> HandleAsync(string customerId, DateOnly asOf, ICallerContext caller, BalanceAsOf balances, CancellationToken ct) =>
        TypedResults.Ok(await balances.AccountAsOfAsync(caller.TenantId, customerId, asOf, ct));
}

/// <summary>The customer account as it stood at the end of a date, folded from the log (never from the live read model).</summary>
internal sealed class BalanceAsOf(BillingLog log, IOfficeDirectory offices)
{
    public async Task<AccountAsOf> AccountAsOfAsync(string tenantId, string customerId, DateOnly asOf, CancellationToken ct = default)
    {
        var timeZone = OfficeCalendar.ZoneOf((await offices.GetOfficeAsync(tenantId, ct))?.TimeZone);
        var accountStream = CustomerAccount.StreamId(tenantId, customerId);
        var events = new List<object>();
        var positions = new List<long>();
        await foreach (var (recorded, @event) in log.EventsAsync(tenantId, ct))
        {
            if (DocumentRegister.LocalDate(recorded.RecordedAt, timeZone) > asOf)
            {
                continue;
            }

            var relevant = @event switch
            {
                InvoiceIssued i => i.CustomerId == customerId,
                AccountEvent => recorded.StreamId == accountStream,
                _ => false,
            };
            if (relevant)
            {
                events.Add(@event);
                positions.Add(recorded.Position);
            }
        }

        return new AccountAsOf(asOf, CustomerStatement.Build(customerId, events, asOf), positions);
    }
}
