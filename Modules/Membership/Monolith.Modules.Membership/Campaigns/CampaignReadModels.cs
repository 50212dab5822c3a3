using System.Text.Json;
using Dapper;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Projections;
using Monolith.Modules.Membership.Campaigns;

namespace Monolith.Modules.Membership;

/// <summary>The campaign stream's events in <c>membership_campaigns</c> and <c>membership_products</c> (sold units: remaining stock).</summary>
internal sealed partial class MembershipProjection
{
    private static async Task<bool> ApplyCampaignAsync(object? decoded, ProjectionContext ctx, string office, string at)
    {
        switch (decoded)
        {
            case CampaignCreated c:
                await Execute(ctx, """
                    INSERT INTO membership_campaigns (office_id, year, name, status, created_at) VALUES (@office, @Year, @Name, 'draft', @at)
                    ON CONFLICT (office_id, year) DO NOTHING
                    """, new { office, c.Year, c.Name, at });
                break;
            case CampaignOpened c:
                await Execute(ctx, "UPDATE membership_campaigns SET status = 'open' WHERE office_id = @office AND year = @Year", new { office, c.Year });
                break;
            case CampaignClosed c:
                await Execute(ctx, "UPDATE membership_campaigns SET status = 'closed' WHERE office_id = @office AND year = @Year", new { office, c.Year });
                break;
            case ProductAdded p:
                await Execute(ctx, """
                    INSERT INTO membership_products (office_id, year, product_id, position, name, description, price_ttc, vat_basis_points, vat_out_of_scope,
                                                     stock, sold, mandatory, prerequisites)
                    VALUES (@office, @Year, @ProductId, (SELECT COUNT(*) FROM membership_products WHERE office_id = @office AND year = @Year),
                            @Name, @Description, @PriceTtc, @Bp, @Reason, @Stock, 0, @Mandatory, @Prerequisites)
                    ON CONFLICT (office_id, year, product_id) DO NOTHING
                    """, ProductArgs(office, p.Year, p.Product));
                break;
            case ProductChanged p:
                await Execute(ctx, """
                    UPDATE membership_products SET name = @Name, description = @Description, price_ttc = @PriceTtc, vat_basis_points = @Bp,
                           vat_out_of_scope = @Reason, stock = @Stock, mandatory = @Mandatory, prerequisites = @Prerequisites
                    WHERE office_id = @office AND year = @Year AND product_id = @ProductId
                    """, ProductArgs(office, p.Year, p.Product));
                break;
            case OrderAccepted a:
                foreach (var group in a.ProductIds.GroupBy(id => id))
                {
                    await Execute(ctx, "UPDATE membership_products SET sold = sold + @n WHERE office_id = @office AND year = @Year AND product_id = @id",
                        new { office, a.Year, id = group.Key, n = group.Count() });
                }

                break;
            default:
                return false;
        }

        return true;
    }
}
