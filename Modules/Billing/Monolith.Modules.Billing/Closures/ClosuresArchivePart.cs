using System.Globalization;
using System.Text.Json;
using Monolith.BuildingBlocks.Audit;
using Monolith.Modules.Compliance.Contracts;

namespace Monolith.Modules.Billing.Closures;

/// <summary>The closures in an office's archive (archivage of the conservation documents): every signed closure document of the period
/// (a day, month or fiscal year lying inside it) exactly as it was anchored outside the database — <c>closures/{name}.json</c> — with its
/// signature file <c>closures/{name}.json.sig</c>. The archive's own manifest signature then covers them too.</summary>
internal sealed class ClosuresArchivePart(ChainAnchors anchors) : IArchivePart
{
    public string Name => "closures";

    public async Task<IReadOnlyList<ArchiveFile>> FilesAsync(string officeId, ArchivePeriod period, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        var folder = anchors.ClosuresFolder(officeId);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var files = new List<ArchiveFile>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var bytes = await File.ReadAllBytesAsync(path, ct);
            if (!Within(bytes, officeId, period))
            {
                continue;
            }

            var name = Path.GetFileName(path);
            files.Add(new ArchiveFile($"closures/{name}", bytes, "application/json", $"Closure {Path.GetFileNameWithoutExtension(name)}: totals, perpetual grand total and chain anchor, as signed when closed."));
            if (File.Exists(path + ".sig"))
            {
                files.Add(new ArchiveFile(
                    $"closures/{name}.sig", await File.ReadAllBytesAsync(path + ".sig", ct), "text/plain",
                    $"Signature of closures/{name}: 'ecdsa-p256-sha256:' + base64 DER ECDSA P-256 signature with the archive's signing key (public key in this manifest), or, for closures signed before, lowercase hex HMAC-SHA256 with the office's closure key (ADR 0021)."));
            }

            var printed = Path.ChangeExtension(path, ".pdf");
            if (File.Exists(printed))
            {
                files.Add(new ArchiveFile(
                    $"closures/{Path.GetFileName(printed)}", await File.ReadAllBytesAsync(printed, ct), "application/pdf",
                    $"Closure {Path.GetFileNameWithoutExtension(name)} as a readable PDF (a copy of the signed JSON)."));
            }
        }

        return files;
    }

    private static bool Within(byte[] document, string officeId, ArchivePeriod period)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            var root = json.RootElement;
            return root.TryGetProperty("officeId", out var office) && office.GetString() == officeId
                && root.TryGetProperty("from", out var from) && root.TryGetProperty("to", out var to)
                && DateOnly.TryParseExact(from.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
                && DateOnly.TryParseExact(to.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last)
                && period.Contains(first) && period.Contains(last);
        }
        catch (JsonException)
        {
            return false; // not a closure document: left out (verify reports unreadable anchors)
        }
    }
}
