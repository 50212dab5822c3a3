using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Monolith.BuildingBlocks.EventStore;
using Monolith.BuildingBlocks.Http;

namespace Monolith.BuildingBlocks.Audit;

/// <summary>Closure documents kept outside the database (ADR 0021): <c>{archive}/{office}/closures/{name}.json</c> and its signature
/// <c>{name}.json.sig</c> (<see cref="ClosureSignatures"/>: since version 2 an ECDSA P-256 signature of the file's exact bytes with the
/// platform's <see cref="PlatformSigningKey"/>, verifiable offline with its public key; older closures carry an HMAC-SHA256 with the
/// office's closure key, still verified). Each document has an <c>anchor</c> object: the office's chain head when it was
/// closed. The archive folder is <c>Audit:ArchiveFolder</c>, by default <c>{Data:Folder}/archive</c>.</summary>
public sealed class ChainAnchors
{
    public const string ArchiveFolderKey = "Audit:ArchiveFolder";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ClosureSignatures _signatures;

    public ChainAnchors(string archiveFolder, ClosureSignatures signatures)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(archiveFolder);
        ArgumentNullException.ThrowIfNull(signatures);
        ArchiveFolder = Path.GetFullPath(archiveFolder);
        _signatures = signatures;
    }

    public static ChainAnchors FromConfiguration(IConfiguration configuration, DataFolder data, ClosureSignatures signatures)
    {
        ArgumentNullException.ThrowIfNull(data);
        var configured = configuration?[ArchiveFolderKey];
        return new ChainAnchors(string.IsNullOrWhiteSpace(configured) ? Path.Combine(data.Path, "archive") : configured, signatures);
    }

    /// <summary>Signs a closure document (version 2, ECDSA): what the closure event records and the archive's <c>.sig</c> holds.</summary>
    public string Sign(string documentJson) => _signatures.Sign(documentJson);

    /// <summary>Whether <paramref name="signature"/> (either version) holds for <paramref name="documentJson"/>.</summary>
    public bool VerifySignature(string officeId, string documentJson, string? signature) => _signatures.Verify(officeId, documentJson, signature);

    public string ArchiveFolder { get; }

    public string ClosuresFolder(string officeId) => Path.Combine(ArchiveFolder, SafeName(officeId), "closures");

    /// <summary>Writes <paramref name="documentJson"/> (which must hold an <c>anchor</c>) with its signature: <paramref name="signature"/>
    /// when the caller recorded one (the closure event's), else a new one. Writing the same document again is harmless. Returns the
    /// document's path.</summary>
    public async Task<string> WriteAsync(string officeId, string name, string documentJson, string? signature = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var folder = Directory.CreateDirectory(ClosuresFolder(officeId)).FullName;
        var path = Path.Combine(folder, SafeName(name) + ".json");
        signature = string.IsNullOrWhiteSpace(signature) ? _signatures.Sign(documentJson) : signature;
        await WriteAtomicallyAsync(path, documentJson, ct);
        await WriteAtomicallyAsync(path + ".sig", signature + "\n", ct);
        return path;
    }

    /// <summary>The office's anchors found in the archive, newest position first, each with whether its signature holds.</summary>
    public async Task<IReadOnlyList<ArchivedAnchor>> ListAsync(string officeId, CancellationToken ct = default)
    {
        var folder = ClosuresFolder(officeId);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var anchors = new List<ArchivedAnchor>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json"))
        {
            var text = await File.ReadAllTextAsync(path, Encoding.UTF8, ct);
            var signature = File.Exists(path + ".sig") ? (await File.ReadAllTextAsync(path + ".sig", ct)).Trim() : string.Empty;
            ChainAnchor? anchor;
            try
            {
                using var document = JsonDocument.Parse(text);
                anchor = document.RootElement.TryGetProperty("anchor", out var a) ? a.Deserialize<ChainAnchor>(Json) : null;
            }
            catch (JsonException)
            {
                anchor = null;
            }

            if (anchor is not null && string.Equals(anchor.OfficeId, officeId, StringComparison.Ordinal))
            {
                anchors.Add(new ArchivedAnchor(anchor, Path.GetFileName(path), _signatures.Verify(officeId, text, signature)));
            }
        }

        return anchors.OrderByDescending(a => a.Anchor.Position).ToList();
    }

    /// <summary>The newest anchor with a valid signature, if any.</summary>
    public async Task<ChainAnchor?> LatestAsync(string officeId, CancellationToken ct = default) =>
        (await ListAsync(officeId, ct)).FirstOrDefault(a => a.SignatureValid)?.Anchor;

    /// <summary>The offices that have a closures folder in the archive.</summary>
    public IReadOnlyList<string> Offices() =>
        Directory.Exists(ArchiveFolder)
            ? Directory.EnumerateDirectories(ArchiveFolder).Where(d => Directory.Exists(Path.Combine(d, "closures"))).Select(Path.GetFileName).OfType<string>().ToList()
            : [];

    /// <summary>Office ids and document names become file names: anything but letters, digits, '-', '_' and '.' is replaced.</summary>
    public static string SafeName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var safe = new string(chars);
        return safe.Trim('.') is { Length: > 0 } trimmed ? trimmed : "_";
    }

    /// <summary>Writes a temporary file of its own, then moves it over <paramref name="path"/>: two writers of the same document (a
    /// closure run started by hand while the scheduled one completes the same day's archive) never move each other's file away.</summary>
    private static async Task WriteAtomicallyAsync(string path, string content, CancellationToken ct)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, content, new UTF8Encoding(false), ct);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>An anchor read from the archive, with the file it came from and whether its signature holds.</summary>
public sealed record ArchivedAnchor(ChainAnchor Anchor, string FileName, bool SignatureValid);
