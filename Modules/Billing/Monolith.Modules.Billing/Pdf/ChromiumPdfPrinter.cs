using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Monolith.Modules.Billing.Pdf;

/// <summary>Prints HTML to PDF with Debian's headless <c>chromium</c> (the HTML stays the source of truth). When chromium is not on PATH,
/// <see cref="IsAvailable"/> is false and the API answers 503 with a clear problem while still serving the HTML. Setting
/// <c>Billing:Chromium</c>: unset = look for <c>chromium</c>/<c>chromium-browser</c> on PATH; a path = that executable; <c>none</c> = never
/// print (HTML only).</summary>
internal sealed class ChromiumPdfPrinter(IConfiguration configuration) : Contracts.IPdfPrinter
{
    public const string Setting = "Billing:Chromium";

    private readonly string? _executable = configuration[Setting] switch
    {
        null or "" => Find(),
        "none" => null,
        var path => File.Exists(path) ? path : null,
    };

    public bool IsAvailable => _executable is not null;

    public async Task<byte[]> PrintAsync(string html, CancellationToken ct = default)
    {
        var executable = _executable ?? throw new InvalidOperationException(BillingProblems.PdfUnavailable);
        var folder = Path.Combine(Path.GetTempPath(), "monolith-pdf", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "document.html");
            var output = Path.Combine(folder, "document.pdf");
            await File.WriteAllTextAsync(input, html, ct);
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", $"--user-data-dir={Path.Combine(folder, "profile")}",
                $"--print-to-pdf={output}", new Uri(input).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium could not be started.");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return File.Exists(output)
                ? await File.ReadAllBytesAsync(output, ct)
                : throw new InvalidOperationException($"chromium printed no PDF (exit code {process.ExitCode}): {await stderr}");
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { "chromium", "chromium-browser" }.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }
}

internal static class BillingProblems
{
    public const string PdfUnavailable = "PDF rendering is not available on this server: chromium is not installed";
}
