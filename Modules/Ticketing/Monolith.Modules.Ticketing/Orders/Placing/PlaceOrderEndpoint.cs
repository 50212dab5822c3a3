using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Monolith.BuildingBlocks.Deciders;
using Monolith.BuildingBlocks.Http;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Ticketing.Buyers;
using Monolith.Modules.Ticketing.Orders.Details;
using Monolith.Modules.Ticketing.Sessions;
using Monolith.Modules.Ticketing.Sessions.Holding;
using Monolith.Modules.Ticketing.Shows;

namespace Monolith.Modules.Ticketing.Orders.Placing;

/// <summary>
/// <para>Turns holds into an order — safely repeatable. The order id derives from the holds, and each step is idempotent by it:
/// (1) the buyer's seats are counted on the buyer ledger of each show, for each identity key (the per-person limit, cumulative across
/// orders and sessions); (2) each hold is sold to this order on its session stream; (3) the order stream records the order. A retry
/// after a crash or a timeout completes what is missing and sells nothing twice; a second order over the same holds is the same order.
/// If a hold expired meanwhile, what was done is undone (seats returned, ledger uncounted) and the buyer is told to choose again.</para>
/// <para>Nothing else happens here: the invoice, the payment, the tickets and the e-mail follow from the order's events (reactors).</para>
/// </summary>
internal static class PlaceOrderEndpoint
{
    public sealed record HoldRefRequest(string SessionId, string HoldId);

    public sealed record BuyerRequest(string Name, string Email, string? Phone, string? Street, string? PostalCode, string? City);

    /// <summary><see cref="PaymentReference"/>: the payment provider's reference the checkout obtained before placing (optional): one
    /// reference → one order, and an identity key of the buyer for the per-person limits.</summary>
    public sealed record PlaceOrderRequest(IReadOnlyList<HoldRefRequest> Holds, BuyerRequest Buyer, IReadOnlyList<string?>? Holders = null, string? PaymentReference = null);

    public sealed class Validator : AbstractValidator<PlaceOrderRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Holds).NotEmpty().Must(h => h.Count <= 10);
            RuleForEach(r => r.Holds).ChildRules(h =>
            {
                h.RuleFor(x => x.SessionId).NotEmpty().MaximumLength(60);
                h.RuleFor(x => x.HoldId).NotEmpty().MaximumLength(40);
            });
            RuleFor(r => r.Buyer).NotNull();
            RuleFor(r => r.PaymentReference).MaximumLength(100);
            RuleFor(r => r.Buyer.Name).NotEmpty().MaximumLength(200).When(r => r.Buyer is not null);
            RuleFor(r => r.Buyer.Email).NotEmpty().EmailAddress().MaximumLength(200).When(r => r.Buyer is not null)
                .WithMessage("Une adresse e-mail valide est nécessaire pour recevoir les billets.");
            RuleFor(r => r.Buyer.Street).NotEmpty().MaximumLength(200).When(r => r.Buyer is not null)
                .WithMessage("L'adresse postale figure sur la facture : indiquez-la.");
            RuleFor(r => r.Buyer.PostalCode).NotEmpty().MaximumLength(20).When(r => r.Buyer is not null).WithMessage("Indiquez le code postal.");
            RuleFor(r => r.Buyer.City).NotEmpty().MaximumLength(100).When(r => r.Buyer is not null).WithMessage("Indiquez la ville.");
        }
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ticketing/public/{officeId}/orders", HandlePublicAsync).AllowAnonymous()
            .Validate<PlaceOrderRequest>().Idempotent()
            .WithTags("Ticketing — buyers").WithName("PlaceTicketingOrder").WithSummary("Turns holds into an order (repeatable: the same holds give the same order).");
        app.MapPost("/api/ticketing/orders", HandleStaffAsync).RequireAuthorization(PlatformPolicies.OfficeStaff)
            .Validate<PlaceOrderRequest>().Idempotent()
            .WithTags("Ticketing — counter").WithName("PlaceTicketingOrderAtCounter");
    }

    internal static async Task<Results<Created<OrderDetails.OrderView>, Ok<OrderDetails.OrderView>, ProblemHttpResult>> HandlePublicAsync(
        string officeId, PlaceOrderRequest body, HttpContext http, CancellationToken ct)
    {
        await http.RequestServices.GetRequiredService<OfficeClock>().RequireOfficeAsync(officeId, ct);
        return await PlaceAsync(officeId, null, "online", body, new CommandContext(officeId, null, Guid.NewGuid()), http, ct);
    }

    internal static Task<Results<Created<OrderDetails.OrderView>, Ok<OrderDetails.OrderView>, ProblemHttpResult>> HandleStaffAsync(
        PlaceOrderRequest body, HttpContext http, ICallerContext caller, CancellationToken ct) =>
        PlaceAsync(caller.TenantId, caller.CustomerId is null ? null : caller.UserId, "counter", body, caller.ForRequest(http) with { Expected = null }, http, ct);

    private static async Task<Results<Created<OrderDetails.OrderView>, Ok<OrderDetails.OrderView>, ProblemHttpResult>> PlaceAsync(
        string officeId, string? accountId, string channel, PlaceOrderRequest body, CommandContext context, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        try
        {
            var (state, created) = await services.GetRequiredService<OrderPlacement>().PlaceAsync(officeId, accountId, channel, body, context, ct);
            var view = OrderDetails.ToView(state);
            return created ? TypedResults.Created($"/api/ticketing/public/{officeId}/orders/{view.OrderId}", view) : TypedResults.Ok(view);
        }
        catch (SessionBusyException busy)
        {
            return TicketingProblems.Busy(http, busy);
        }
    }
}

internal sealed class OrderPlacement(CommandHandler handler, SessionDesk desk, TimeProvider time, IServiceProvider services)
{
    private static readonly Guid Namespace = new("0b8d7f0e-3c55-4d1e-9f0a-7a0f3c2b9d11");

    /// <summary>How many checkouts run at once. Each one writes a few short streams (ledger, order) and sells its holds through the
    /// session desk; the writers of the process queue asynchronously on the database's write gate (no thread each), the store writes
    /// the appends waiting there in one commit and the desk sells every waiting hold in one commit. Not more: every checkout in flight is
    /// one more contender for the write gate against the reactors that follow the sale (invoices), which have one writer each.</summary>
    internal const int InFlight = 16;

    /// <summary>How many more checkouts may wait for a slot (a short line: a waiting buyer is answered within seconds); beyond that a
    /// checkout is answered "réessayez" (429) at once. Its holds stay its own until they expire.</summary>
    internal const int MaxWaiting = 112;

    // A counter and a semaphore waited on without a timeout: a thousand waiters with a timer each made the semaphore's lock a convoy
    // that blocked thread-pool threads (ADR 0016, fourth pass); the queue is bounded by MaxWaiting instead.
    private readonly SemaphoreSlim _checkouts = new(InFlight, InFlight);
    private int _waiting;

    public async Task<(OrderState State, bool Created)> PlaceAsync(
        string officeId, string? accountId, string channel, PlaceOrderEndpoint.PlaceOrderRequest body, CommandContext context, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _waiting) > MaxWaiting + InFlight)
        {
            Interlocked.Decrement(ref _waiting);
            throw new SessionBusyException(TimeSpan.FromSeconds(1));
        }

        try
        {
            await _checkouts.WaitAsync(ct);
            try
            {
                return await PlaceCoreAsync(officeId, accountId, channel, body, context, ct);
            }
            finally
            {
                _checkouts.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public static string OrderIdFor(string officeId, IEnumerable<string> holdIds) =>
        DeterministicGuid.Create(Namespace, officeId + "/" + string.Join(",", holdIds.Order(StringComparer.Ordinal))).ToString("N");

    private async Task<(OrderState State, bool Created)> PlaceCoreAsync(
        string officeId, string? accountId, string channel, PlaceOrderEndpoint.PlaceOrderRequest body, CommandContext context, CancellationToken ct)
    {
        var holds = body.Holds.Select(h => new HoldRef(h.SessionId.Trim(), h.HoldId.Trim())).DistinctBy(h => h.HoldId).ToList();
        var orderId = OrderIdFor(officeId, holds.Select(h => h.HoldId));
        var existing = await handler.LoadAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId), officeId, ct: ct);
        if (existing.State.Exists)
        {
            return (existing.State, false);
        }

        var now = time.GetUtcNow();
        var lines = new List<OrderLine>();
        var keys = new HashSet<string>(BuyerKeys.For(officeId, accountId, body.Buyer.Email, body.PaymentReference), StringComparer.Ordinal);
        var shows = new Dictionary<string, ShowCreated>(StringComparer.Ordinal);
        var seatsPerSession = new Dictionary<(string Show, string Session), int>();
        foreach (var hold in holds)
        {
            // A hold never changes once held (lines, seats, buyer keys): the desk's last snapshot is enough to price it when it is there,
            // without waiting for the lane behind the batch being committed; whether it is still held is decided by the desk at the sale.
            var (session, _) = await desk.PeekAsync(officeId, hold.SessionId, ct);
            if (!session.Exists || !session.Holds.ContainsKey(hold.HoldId))
            {
                (session, _) = await desk.ReadAsync(officeId, hold.SessionId, ct);
            }

            if (!session.Exists || !session.Holds.TryGetValue(hold.HoldId, out var info))
            {
                throw new NotFoundException("Cette réservation de places n'existe pas.");
            }

            var plan = session.Plan!;
            if (!shows.TryGetValue(plan.ShowId, out var show))
            {
                show = (await ShowCache.GetAsync(services, officeId, plan.ShowId, ct)).Require();
                shows[plan.ShowId] = show;
            }

            keys.UnionWith(info.BuyerKeys);
            var showState = new ShowState(show);
            foreach (var line in info.Lines)
            {
                var rate = showState.RequireRate(line.RateCode);
                var category = session.Category(line.Category)!;
                for (var i = 0; i < line.Quantity; i++)
                {
                    lines.Add(new OrderLine(hold.SessionId, show.ShowId, show.Name, plan.StartsAt, category.Code, category.Label, rate.Code, rate.Label, rate.Kind,
                        line.Seats.Count > i ? line.Seats[i] : null, rate.Prices[category.Code], show.VatBasisPoints, rate.ProofRequired,
                        rate.Kind == RateKind.Free ? 0 : show.HandlingFeePerTicket));
                }
            }

            var key = (show.ShowId, hold.SessionId);
            seatsPerSession[key] = seatsPerSession.GetValueOrDefault(key) + info.Quantity;
        }

        var maxPerOrder = shows.Values.Min(s => s.MaxSeatsPerOrder);
        if (lines.Count > maxPerOrder)
        {
            throw new DomainRuleViolation("limit.per-order", $"Au plus {maxPerOrder} places par commande, tous spectacles confondus ({lines.Count} demandées).");
        }

        if (shows.Values.Any(s => s.Nominative) && (body.Holders is null || body.Holders.Count != lines.Count || body.Holders.Any(string.IsNullOrWhiteSpace)))
        {
            throw new DomainRuleViolation("order.holders", "Billets nominatifs : indiquez le nom du porteur de chaque place (une pièce d'identité pourra être demandée à l'entrée).");
        }

        var system = context with { Expected = null };
        var counted = new List<string>();
        var reference = string.IsNullOrWhiteSpace(body.PaymentReference) ? null : PaymentReferences.StreamId(officeId, body.PaymentReference);
        var claimed = false;
        try
        {
            // (0) one payment reference → one order.
            if (reference is not null)
            {
                await handler.HandleAsync(PaymentReferences.Decider, reference, new ClaimPaymentReference(orderId, now), system, new CommandOptions(MaxRetries: 10), ct);
                claimed = true;
            }

            // (1) the per-person limit, cumulative across orders and sessions, for every identity key of the buyer.
            foreach (var ((showId, sessionId), seats) in seatsPerSession)
            {
                foreach (var key in keys)
                {
                    var stream = BuyerLedger.StreamId(showId, key);
                    await handler.HandleAsync(BuyerLedger.Decider, stream, new CountSeats(orderId, sessionId, seats, shows[showId].MaxSeatsPerPerson, now), system,
                        new CommandOptions(MaxRetries: 10), ct);
                    counted.Add(stream);
                }
            }

            // (2) each hold sold to this order on its session.
            var sold = new List<HoldRef>();
            try
            {
                foreach (var hold in holds)
                {
                    await desk.SubmitAsync(hold.SessionId, new SellHold(hold.HoldId, orderId, now), system);
                    sold.Add(hold);
                }
            }
            catch
            {
                foreach (var hold in sold)
                {
                    await desk.SubmitAsync(hold.SessionId, new ReturnSeats(hold.HoldId, orderId, now), system);
                }

                throw;
            }
        }
        catch (Exception ex) when (ex is DomainRuleViolation or NotFoundException or SessionBusyException)
        {
            if (claimed)
            {
                await handler.HandleAsync(PaymentReferences.Decider, reference!, new ReleasePaymentReference(orderId, now), system, new CommandOptions(MaxRetries: 10), ct);
            }

            foreach (var stream in counted)
            {
                await handler.HandleAsync(BuyerLedger.Decider, stream, new UncountSeats(orderId, now), system, new CommandOptions(MaxRetries: 10), ct);
            }

            throw;
        }

        // (3) the order.
        var buyer = new Buyer(body.Buyer.Name.Trim(), body.Buyer.Email.Trim(), body.Buyer.Phone?.Trim(), body.Buyer.Street?.Trim(), body.Buyer.PostalCode?.Trim(), body.Buyer.City?.Trim());
        var holders = body.Holders is { Count: > 0 } h && h.Count == lines.Count ? h.Select(x => x?.Trim()).ToList() : lines.Select(_ => (string?)null).ToList();
        var result = await handler.HandleAsync(TicketOrder.Decider, TicketOrder.StreamId(orderId),
            new PlaceOrder(orderId, "ticket-buyer-" + orderId, buyer, [.. keys.Order(StringComparer.Ordinal)], holds, lines, holders, channel, now, officeId), system, ct: ct);
        return (result.State, result.NewEvents.Count > 0);
    }
}
