using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Http.Auth;
using Monolith.BuildingBlocks.Tenancy;

namespace Monolith.BuildingBlocks.Jobs;

/// <summary>The Hangfire Dashboard at <see cref="Path"/>. Platform operators see and act on everything (trigger, retry, delete). Office
/// administrators get it read-only and scoped: the overview, the recurring jobs (names, cron, next and last run) and the servers — not
/// the pages of individual runs, whose exceptions and logs may name another office's records (the jobs are scanners over every
/// office). Anyone else is refused: 401 without a token, 403 with one (a customer, staff).</summary>
public static class JobDashboard
{
    public const string Path = "/admin/jobs/dashboard";

    /// <summary>Page prefixes (after <see cref="Path"/>) an office administrator may open with GET: no run details, no retries, no job
    /// lists, no commands (those are POSTs).</summary>
    internal static readonly string[] OfficeAdminPages = ["/recurring", "/servers", "/stats", "/css", "/js", "/fonts"];

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            DashboardTitle = "Tâches planifiées",
            DisplayStorageConnectionString = false,
            Authorization = [new ScopedAuthorization()],
            IsReadOnlyFunc = context => !IsOperator(context),
        }).RequireAuthorization(PlatformPolicies.OfficeAdminOrOperator);

    private static bool IsOperator(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.PlatformOperator);

    private sealed class ScopedAuthorization : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            if (user.IsInRole(Roles.PlatformOperator))
            {
                return true;
            }

            if (!user.IsInRole(Roles.OfficeAdmin))
            {
                return false;
            }

            var page = context.Request.Path;
            return context.Request.Method == "GET"
                && (page is "" or "/" || OfficeAdminPages.Any(p => page.StartsWith(p, StringComparison.OrdinalIgnoreCase)));
        }
    }
}
