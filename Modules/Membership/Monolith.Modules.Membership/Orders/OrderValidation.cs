using Monolith.BuildingBlocks.Deciders;
using Monolith.Modules.Membership.Campaigns;
using Monolith.Modules.Membership.Members;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Membership.Orders;

/// <summary>An order with what its rules need: the campaign (catalogue, stock) and the member (offers, principal activity).</summary>
internal sealed record LoadedOrder(StreamState<OrderState> Order, CampaignState Campaign, MemberState Member)
{
    public OrderCatalogue Catalogue => new(Campaign.Products, Member.Offers);
}

/// <summary>Loads orders with their campaign and member, and the office's terms of sale and local date.</summary>
internal sealed class OrderLoader(CommandHandler handler, IOfficeDirectory offices, IOfficeCalendars calendars)
{
    public async Task<LoadedOrder> LoadAsync(string tenantId, string orderId, string? customerId, CancellationToken ct)
    {
        var order = await handler.LoadAsync(Order.Decider, Order.StreamId(orderId), tenantId, mustExist: true, ct);
        if (customerId is not null && order.State.MemberId != customerId)
        {
            // A member sees only their own orders: anyone else's is "not found".
            throw new NotFoundException("Order not found.");
        }

        var campaign = await handler.LoadAsync(Campaign.Decider, Campaign.StreamId(tenantId, order.State.Year), tenantId, mustExist: true, ct);
        var member = await handler.LoadAsync(Member.Decider, Member.StreamId(order.State.MemberId), tenantId, mustExist: true, ct);
        return new LoadedOrder(order, campaign.State, member.State);
    }

    /// <summary>The office's calendar date now (the office calendar of Offices).</summary>
    public async Task<DateOnly> TodayAsync(string tenantId, CancellationToken ct) => (await calendars.ForAsync(tenantId, ct)).Today;

    /// <summary>The office's calendar date at <paramref name="now"/>.</summary>
    public async Task<DateOnly> TodayAsync(string tenantId, DateTimeOffset now, CancellationToken ct) => (await calendars.ForAsync(tenantId, now, ct)).Today;

    public async Task<TermsOfSaleVersion?> TermsInForceAsync(string tenantId, CancellationToken ct) =>
        await offices.GetTermsInForceAsync(tenantId, await TodayAsync(tenantId, ct), ct);
}

/// <summary>Validation of an order, across the order stream and the campaign stream (see <see cref="Order"/>): submit (rules, freeze),
/// accept on the campaign (stock, number) or refuse back to draft, confirm.</summary>
internal sealed class OrderValidation(CommandHandler handler, OrderLoader loader, TimeProvider time)
{
    /// <summary>Many members may validate at the same moment: each conflict on the campaign stream re-loads and re-decides, so the last
    /// units go to the first appends and the others are refused by the rule, not by a concurrency error.</summary>
    public static readonly CommandOptions CampaignRetries = new(StreamMustExist: true, MaxRetries: 500);

    public async Task<OrderState> ValidateAsync(string tenantId, string orderId, string? customerId, CommandContext context, CancellationToken ct)
    {
        var loaded = await loader.LoadAsync(tenantId, orderId, customerId, ct);
        if (loaded.Order.State.Status == OrderStatus.Draft)
        {
            var terms = await loader.TermsInForceAsync(tenantId, ct);
            await handler.HandleAsync(
                Order.Decider, Order.StreamId(orderId), new SubmitOrder(loaded.Catalogue, terms?.Version, time.GetUtcNow()), context, CommandOptions.ExistingStream, ct);
        }

        return await CompleteAsync(tenantId, orderId, context with { Expected = null }, ct);
    }

    /// <summary>Steps 2 and 3 for a submitted order (also run by <see cref="OrderFlowReactor"/> after a crash between the steps).
    /// Refused for stock: the order goes back to draft and the refusal is rethrown.</summary>
    public async Task<OrderState> CompleteAsync(string tenantId, string orderId, CommandContext context, CancellationToken ct)
    {
        var stream = Order.StreamId(orderId);
        var order = (await handler.LoadAsync(Order.Decider, stream, tenantId, mustExist: true, ct)).State;
        if (order.Status != OrderStatus.Submitted)
        {
            return order;
        }

        string number;
        try
        {
            var accepted = await handler.HandleAsync(
                Campaign.Decider,
                Campaign.StreamId(tenantId, order.Year),
                new AcceptOrder(orderId, order.MemberId, [.. order.Lines.Select(l => l.ProductId)], time.GetUtcNow()),
                context,
                CampaignRetries,
                ct);
            number = accepted.State.Orders[orderId].Number;
        }
        catch (DomainRuleViolation refused)
        {
            await handler.HandleAsync(
                Order.Decider, stream, new RefuseSubmission(refused.Code, refused.Message, time.GetUtcNow()), context, CommandOptions.ExistingStream, ct);
            throw;
        }

        var confirmed = await handler.HandleAsync(Order.Decider, stream, new ConfirmOrder(number, time.GetUtcNow()), context, CommandOptions.ExistingStream, ct);
        return confirmed.State;
    }
}
