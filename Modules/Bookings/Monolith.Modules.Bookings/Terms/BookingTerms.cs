using System.Globalization;
using Monolith.BuildingBlocks.Deciders;

namespace Monolith.Modules.Bookings.Terms;

/// <summary>How a customer's cancellation is charged: a schedule of percentages of the file's total by days before arrival (Zonza),
/// or "the deposit becomes a credit note when cancelled more than N months before, else it is kept" (Pays Fertois).</summary>
internal enum CancellationMode
{
    Schedule,
    DepositToCreditNote,
}

/// <summary>When the balance falls due: with the invoice sent after the final count (Zonza), or on arrival (Pays Fertois).</summary>
internal enum BalanceDue
{
    AfterFinalCount,
    OnArrival,
}

/// <summary>Where a claims window starts: the start of the disputed service (Pays Fertois, 3 days) or the end of the services (Zonza, 7 days).</summary>
internal enum ClaimsFrom
{
    ServiceStart,
    End,
}

/// <summary>A band of a cancellation schedule: from <paramref name="MaxDays"/> down to <paramref name="MinDays"/> days before arrival
/// (both inclusive, counted in calendar days of the office's calendar), <paramref name="Percent"/> of the file's total.</summary>
internal sealed record FeeBand(int MaxDays, int MinDays, int Percent);

/// <summary>The office's notice when it cancels for too few participants: trips of <paramref name="MinTripDays"/>..<paramref name="MaxTripDays"/>
/// days (null = no upper bound) are cancelled at least <paramref name="NoticeDays"/> days before the start.</summary>
internal sealed record NoticeBand(int MinTripDays, int? MaxTripDays, int NoticeDays);

/// <summary>The bookings part of a version of the office's terms of sale, read from the version's settings (keys <c>bookings.*</c>,
/// see <see cref="BookingTermsSettings"/>). A booking carries the copy it was contracted under: publishing new terms never changes it.</summary>
internal sealed record BookingTerms(
    int Version,
    string Preset,
    int DepositPercent,
    int DepositDueMonthsBefore,
    long FileFeeSingleService,
    long FileFeeSeveralServices,
    long FileFeeStay,
    int? IntermediateCountDaysBefore,
    int? IntermediateCountDaysBeforeWithLodging,
    int IntermediateTolerance,
    int FinalCountDaysBefore,
    int FinalCountDaysBeforeWithLodging,
    BalanceDue BalanceDue,
    CancellationMode CancellationMode,
    IReadOnlyList<FeeBand> Schedule,
    IReadOnlyList<FeeBand> ScheduleWithLodging,
    int NoShowPercent,
    int CreditNoteMonthsBefore,
    int CreditNoteValidityMonths,
    int FreePlacePerPaying,
    int SchoolChildrenPerFreeAdult,
    int MinimumGroupSize,
    IReadOnlyList<NoticeBand> OfficeCancellationNotice,
    int PriceRevisionNoticeDays,
    int PriceRevisionCancelAbovePercent,
    int TransferDaysBefore,
    int LateArrivalToleranceMinutes,
    int ClaimsDays,
    ClaimsFrom ClaimsFrom,
    int ShortStayDepositPercent,
    int ShortStayFullPaymentWithinDays,
    int QuoteValidityDays,
    int QuoteReminderDaysBeforeExpiry,
    int SubscriberDiscountPercent);

/// <summary>Reads and writes <see cref="BookingTerms"/> as the flat settings of a terms-of-sale version (what Offices stores).
/// Schedules are written as the seed reads them: <c>"30-22:25; 21-15:50; 14-7:75; 6-0:100"</c> (days before arrival, high-low, : percent);
/// notice bands as <c>"1-1:2; 2-6:7; 7+:20"</c> (trip length in days : notice days).</summary>
internal static class BookingTermsSettings
{
    public const string Prefix = "bookings.";
    public const string PresetKey = "bookings.preset";

    public static BookingTerms Parse(int version, IReadOnlyDictionary<string, string> s)
    {
        if (!s.ContainsKey(PresetKey) && !s.Keys.Any(k => k.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            throw new DomainRuleViolation(
                "bookings.no-terms",
                $"La version {version} des conditions de vente ne contient aucun réglage de réservation de groupe (bookings.*) : publiez un modèle (Pays Fertois ou Zonza) ou vos propres réglages.");
        }

        var d = TermsPresets.Zonza;
        return new BookingTerms(
            version,
            Str(s, PresetKey, "custom"),
            Int(s, "bookings.deposit-percent", d.DepositPercent),
            Int(s, "bookings.deposit-due-months-before", 0),
            Long(s, "bookings.file-fee.single-service", 0),
            Long(s, "bookings.file-fee.several-services", 0),
            Long(s, "bookings.file-fee.stay", 0),
            NullableInt(s, "bookings.participants.intermediate-days-before"),
            NullableInt(s, "bookings.participants.intermediate-days-before-with-lodging"),
            Int(s, "bookings.participants.intermediate-tolerance", 10),
            Int(s, "bookings.participants.final-days-before", 7),
            Int(s, "bookings.participants.final-days-before-with-lodging", Int(s, "bookings.participants.final-days-before", 7)),
            Str(s, "bookings.balance-due", "after-final-count") == "on-arrival" ? BalanceDue.OnArrival : BalanceDue.AfterFinalCount,
            Str(s, "bookings.cancellation.mode", "schedule") == "deposit-credit-note" ? CancellationMode.DepositToCreditNote : CancellationMode.Schedule,
            Bands(s, "bookings.cancellation.schedule"),
            Bands(s, "bookings.cancellation.schedule-with-lodging"),
            Int(s, "bookings.cancellation.no-show-percent", 100),
            Int(s, "bookings.cancellation.credit-note-months-before", 1),
            Int(s, "bookings.credit-note.validity-months", 12),
            Int(s, "bookings.free-places.per-paying", 20),
            Int(s, "bookings.free-places.school-children-per-adult", 8),
            Int(s, "bookings.minimum-group-size", 10),
            Notice(Str(s, "bookings.office-cancellation.notice", "1-1:2; 2-6:7; 7+:20")),
            Int(s, "bookings.price-revision.notice-days", 20),
            Int(s, "bookings.price-revision.cancel-above-percent", 8),
            Int(s, "bookings.transfer.days-before", 7),
            Int(s, "bookings.late-arrival-minutes", 30),
            Int(s, "bookings.claims.days", 7),
            Str(s, "bookings.claims.from", "end") == "service-start" ? ClaimsFrom.ServiceStart : ClaimsFrom.End,
            Int(s, "bookings.short-stays.deposit-percent", 25),
            Int(s, "bookings.short-stays.full-payment-within-days", 30),
            Int(s, "bookings.quote.validity-days", 30),
            Int(s, "bookings.quote.reminder-days-before-expiry", 7),
            Int(s, "bookings.subscriber-discount-percent", 0));
    }

    /// <summary>The settings that <see cref="Parse"/> reads back to the same terms (the version number aside).</summary>
    public static Dictionary<string, string> ToSettings(BookingTerms t)
    {
        var s = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PresetKey] = t.Preset,
            ["bookings.deposit-percent"] = I(t.DepositPercent),
            ["bookings.deposit-due-months-before"] = I(t.DepositDueMonthsBefore),
            ["bookings.file-fee.single-service"] = L(t.FileFeeSingleService),
            ["bookings.file-fee.several-services"] = L(t.FileFeeSeveralServices),
            ["bookings.file-fee.stay"] = L(t.FileFeeStay),
            ["bookings.participants.intermediate-tolerance"] = I(t.IntermediateTolerance),
            ["bookings.participants.final-days-before"] = I(t.FinalCountDaysBefore),
            ["bookings.participants.final-days-before-with-lodging"] = I(t.FinalCountDaysBeforeWithLodging),
            ["bookings.balance-due"] = t.BalanceDue == BalanceDue.OnArrival ? "on-arrival" : "after-final-count",
            ["bookings.cancellation.mode"] = t.CancellationMode == CancellationMode.DepositToCreditNote ? "deposit-credit-note" : "schedule",
            ["bookings.cancellation.schedule"] = Bands(t.Schedule),
            ["bookings.cancellation.schedule-with-lodging"] = Bands(t.ScheduleWithLodging),
            ["bookings.cancellation.no-show-percent"] = I(t.NoShowPercent),
            ["bookings.cancellation.credit-note-months-before"] = I(t.CreditNoteMonthsBefore),
            ["bookings.credit-note.validity-months"] = I(t.CreditNoteValidityMonths),
            ["bookings.free-places.per-paying"] = I(t.FreePlacePerPaying),
            ["bookings.free-places.school-children-per-adult"] = I(t.SchoolChildrenPerFreeAdult),
            ["bookings.minimum-group-size"] = I(t.MinimumGroupSize),
            ["bookings.office-cancellation.notice"] = string.Join("; ", t.OfficeCancellationNotice.Select(n =>
                n.MaxTripDays is { } max ? $"{I(n.MinTripDays)}-{I(max)}:{I(n.NoticeDays)}" : $"{I(n.MinTripDays)}+:{I(n.NoticeDays)}")),
            ["bookings.price-revision.notice-days"] = I(t.PriceRevisionNoticeDays),
            ["bookings.price-revision.cancel-above-percent"] = I(t.PriceRevisionCancelAbovePercent),
            ["bookings.transfer.days-before"] = I(t.TransferDaysBefore),
            ["bookings.late-arrival-minutes"] = I(t.LateArrivalToleranceMinutes),
            ["bookings.claims.days"] = I(t.ClaimsDays),
            ["bookings.claims.from"] = t.ClaimsFrom == ClaimsFrom.ServiceStart ? "service-start" : "end",
            ["bookings.short-stays.deposit-percent"] = I(t.ShortStayDepositPercent),
            ["bookings.short-stays.full-payment-within-days"] = I(t.ShortStayFullPaymentWithinDays),
            ["bookings.quote.validity-days"] = I(t.QuoteValidityDays),
            ["bookings.quote.reminder-days-before-expiry"] = I(t.QuoteReminderDaysBeforeExpiry),
            ["bookings.subscriber-discount-percent"] = I(t.SubscriberDiscountPercent),
        };
        if (t.IntermediateCountDaysBefore is { } i)
        {
            s["bookings.participants.intermediate-days-before"] = I(i);
        }

        if (t.IntermediateCountDaysBeforeWithLodging is { } il)
        {
            s["bookings.participants.intermediate-days-before-with-lodging"] = I(il);
        }

        return s;
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string L(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Bands(IReadOnlyList<FeeBand> bands) =>
        string.Join("; ", bands.Select(b => $"{I(b.MaxDays)}-{I(b.MinDays)}:{I(b.Percent)}"));

    private static string Str(IReadOnlyDictionary<string, string> s, string key, string fallback) =>
        s.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : fallback;

    private static int Int(IReadOnlyDictionary<string, string> s, string key, int fallback) =>
        NullableInt(s, key) ?? fallback;

    private static int? NullableInt(IReadOnlyDictionary<string, string> s, string key)
    {
        if (!s.TryGetValue(key, out var v) || string.IsNullOrWhiteSpace(v))
        {
            return null;
        }

        return int.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw Invalid(key, v);
    }

    private static long Long(IReadOnlyDictionary<string, string> s, string key, long fallback) =>
        !s.TryGetValue(key, out var v) || string.IsNullOrWhiteSpace(v) ? fallback
        : long.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n
        : throw Invalid(key, v);

    private static List<FeeBand> Bands(IReadOnlyDictionary<string, string> s, string key)
    {
        var text = Str(s, key, string.Empty);
        var bands = new List<FeeBand>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (range, percent) = Split(part, ':', key, text);
            var (max, min) = Split(range, '-', key, text);
            bands.Add(new FeeBand(ParseInt(max, key, text), ParseInt(min, key, text), ParseInt(percent, key, text)));
        }

        if (bands.Any(b => b.MinDays > b.MaxDays || b.Percent > 100))
        {
            throw Invalid(key, text);
        }

        return bands;
    }

    private static List<NoticeBand> Notice(string text)
    {
        const string key = "bookings.office-cancellation.notice";
        var bands = new List<NoticeBand>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (range, notice) = Split(part, ':', key, text);
            if (range.EndsWith('+'))
            {
                bands.Add(new NoticeBand(ParseInt(range[..^1], key, text), null, ParseInt(notice, key, text)));
            }
            else
            {
                var (min, max) = Split(range, '-', key, text);
                bands.Add(new NoticeBand(ParseInt(min, key, text), ParseInt(max, key, text), ParseInt(notice, key, text)));
            }
        }

        return bands;
    }

    private static (string, string) Split(string text, char separator, string key, string whole)
    {
        var i = text.IndexOf(separator, StringComparison.Ordinal);
        return i <= 0 ? throw Invalid(key, whole) : (text[..i].Trim(), text[(i + 1)..].Trim());
    }

    private static int ParseInt(string text, string key, string whole) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw Invalid(key, whole);

    private static DomainRuleViolation Invalid(string key, string value) =>
        new("bookings.invalid-terms", $"Le réglage « {key} » des conditions de vente est illisible : « {value} ».");
}
