using System.Globalization;
using Monolith.Modules.Offices.Contracts;

namespace Monolith.Modules.Subscriptions.Subscriptions;

/// <summary>The office's subscription settings, read from the settings of its terms of sale in force (defaults from the seed).
/// <list type="bullet">
/// <item><c>subscriptions.payment-deadline-days</c> (15): days after activation (or renewal) to record a purchase order or payment.</item>
/// <item><c>subscriptions.renewal-reminder-days</c> (30): days before the end for the renewal e-mail to the manager and users.</item>
/// <item><c>subscriptions.relaunch-days</c> ("21,14,7"): days before the end for the relaunches to the manager, at most three,
/// each strictly after the reminder and the previous one.</item>
/// <item><c>subscriptions.number-prefix</c> ("AB"): the prefix of subscriber numbers.</item>
/// <item><c>subscriptions.questionnaire-url</c> (none): the satisfaction questionnaire's link.</item>
/// <item><c>subscriptions.portal-url</c> (none): the base address of the customer portal, for links in e-mails.</item>
/// </list></summary>
internal sealed record SubscriptionSettings(
    int PaymentDeadlineDays,
    int ReminderDays,
    IReadOnlyList<int> RelaunchDays,
    string NumberPrefix,
    string? QuestionnaireUrl,
    string? PortalUrl)
{
    public const string PaymentDeadlineKey = "subscriptions.payment-deadline-days";
    public const string ReminderKey = "subscriptions.renewal-reminder-days";
    public const string RelaunchKey = "subscriptions.relaunch-days";
    public const string PrefixKey = "subscriptions.number-prefix";
    public const string QuestionnaireKey = "subscriptions.questionnaire-url";
    public const string PortalKey = "subscriptions.portal-url";
    public const int MaxRelaunches = 3;

    public static readonly SubscriptionSettings Default = new(15, 30, [21, 14, 7], "AB", null, null);

    /// <summary>Reminder first, then the relaunches: the notice steps 1..n of a period.</summary>
    public IReadOnlyList<int> NoticeDays => [ReminderDays, .. RelaunchDays];

    public PeriodSettings ForPeriod() => new(PaymentDeadlineDays, NoticeDays);

    public static SubscriptionSettings From(IReadOnlyDictionary<string, string>? settings)
    {
        if (settings is null)
        {
            return Default;
        }

        var deadline = Int(settings, PaymentDeadlineKey, Default.PaymentDeadlineDays, 1, 365);
        var reminder = Int(settings, ReminderKey, Default.ReminderDays, 1, 365);
        IReadOnlyList<int> relaunches = Default.RelaunchDays;
        if (settings.TryGetValue(RelaunchKey, out var raw))
        {
            var parsed = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : -1)
                .ToList();
            var valid = parsed.Count <= MaxRelaunches && parsed.All(d => d > 0)
                && parsed.Prepend(reminder).Zip(parsed).All(pair => pair.First > pair.Second);
            relaunches = valid ? parsed : Default.RelaunchDays.Where(d => d < reminder).ToList();
        }
        else
        {
            relaunches = Default.RelaunchDays.Where(d => d < reminder).ToList();
        }

        var prefix = settings.TryGetValue(PrefixKey, out var p) && p.Trim() is { Length: > 0 and <= 6 } tp && tp.All(char.IsAsciiLetterOrDigit)
            ? tp.ToUpperInvariant()
            : Default.NumberPrefix;
        return new SubscriptionSettings(
            deadline,
            reminder,
            relaunches,
            prefix,
            settings.TryGetValue(QuestionnaireKey, out var q) && !string.IsNullOrWhiteSpace(q) ? q.Trim() : null,
            settings.TryGetValue(PortalKey, out var u) && !string.IsNullOrWhiteSpace(u) ? u.Trim().TrimEnd('/') : null);
    }

    public static async Task<SubscriptionSettings> ForOfficeAsync(IOfficeDirectory offices, string tenantId, DateOnly on, CancellationToken ct) =>
        From((await offices.GetTermsInForceAsync(tenantId, on, ct))?.Settings);

    private static int Int(IReadOnlyDictionary<string, string> settings, string key, int fallback, int min, int max) =>
        settings.TryGetValue(key, out var raw) && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : fallback;
}
