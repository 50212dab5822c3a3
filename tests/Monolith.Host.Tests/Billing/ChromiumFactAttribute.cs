namespace Monolith.Host.Tests.Billing;

/// <summary>A fact that needs Debian's <c>chromium</c> on PATH to print PDF: when it is absent the test is reported as skipped, with the
/// reason, instead of failing (the API then answers 503 for PDFs, which <see cref="BillingApiTests"/> checks).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!IsInstalled)
        {
            Skip = "chromium is not on PATH: PDF printing cannot be tested here (install Debian's chromium package, as the setup and .ci/run do).";
        }
    }

    public static bool IsInstalled =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "chromium")) || File.Exists(Path.Combine(dir, "chromium-browser")));
}
