using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Monolith.BuildingBlocks.Tenancy;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Bookings.Terms;

/// <summary>The ready-made presets (to publish as a version of the office's terms of sale, possibly edited) and the bookings terms in
/// force on a date, as the module reads them.</summary>
internal static class TermsEndpoints
{
    public sealed record PresetView(string Preset, BookingTerms Terms, IReadOnlyDictionary<string, string> Settings);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/bookings/terms").WithTags("Bookings — terms of sale").RequireAuthorization("office-read");

        group.MapGet("/presets", () => TypedResults.Ok(TermsPresets.All.Values.Select(View).ToList()))
            .WithName("ListBookingTermsPresets")
            .WithSummary("The Pays Fertois and Zonza presets: publish one's settings with POST /api/office/terms-of-sale.");

        group.MapGet("/presets/{preset}", Results<Ok<PresetView>, NotFound> (string preset) =>
                TermsPresets.All.TryGetValue(preset, out var terms) ? TypedResults.Ok(View(terms)) : TypedResults.NotFound())
            .WithName("GetBookingTermsPreset");

        group.MapGet("/in-force", async Task<Ok<BookingTerms>> (DateOnly? on, ICallerContext caller, BookingTermsSource source, IOfficeCalendars calendars, CancellationToken ct) =>
                TypedResults.Ok(await source.InForceAsync(caller.TenantId, on ?? await calendars.TodayAsync(caller.TenantId, ct), ct)))
            .WithName("GetBookingTermsInForce")
            .WithSummary("The bookings terms of the version in force on a date (default today in the office's calendar).");
    }

    private static PresetView View(BookingTerms t) => new(t.Preset, t, BookingTermsSettings.ToSettings(t));
}
