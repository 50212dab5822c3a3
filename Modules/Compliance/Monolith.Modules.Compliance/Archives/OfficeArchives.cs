using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Monolith.BuildingBlocks.Http;
using Monolith.Modules.Compliance.Contracts;

namespace Monolith.Modules.Compliance.Archives;

/// <summary>One file as listed in the manifest.</summary>
internal sealed record ManifestFile(string Path, string Sha256, long Size, string MediaType, string Description);

/// <summary>The signing key as written in the manifest.</summary>
internal sealed record ManifestSignature(string Algorithm, string PublicKey, string PublicKeyFingerprint, string SignatureFile, bool DevelopmentKey);

/// <summary><c>manifest.json</c>: what the archive holds and how to check it (format documented in docs/compliance.md).</summary>
internal sealed record ArchiveManifest(
    string Format,
    string OfficeId,
    DateOnly From,
    DateOnly To,
    DateTimeOffset CreatedAt,
    string Reason,
    IReadOnlyList<string> Parts,
    ManifestSignature Signature,
    IReadOnlyList<ManifestFile> Files)
{
    public const string FormatName = "monolith-office-archive/1";
}

/// <summary>An archive as stored (the zip's name, its office, period and size).</summary>
internal sealed record ArchiveInfo(string Name, string OfficeId, DateOnly From, DateOnly To, DateTimeOffset CreatedAt, long Size, string Sha256);

/// <summary>Builds, stores and lists an office's archives (archivage, CGI art. 286 I 3° bis): a zip of the office's events (JSON lines),
/// every <see cref="IArchivePart"/>'s files (billing: invoices and credit notes as PDF, the FEC; closures once they exist), a
/// <c>manifest.json</c> with the SHA-256 of each file, its detached signature <c>manifest.sig</c> and the public key
/// <c>signing-key.pem</c>. Stored under <c>{data}/archives/{office}/</c>, never rewritten.</summary>
internal sealed class OfficeArchives(
    EventLogArchive events, IEnumerable<IArchivePart> parts, ArchiveSigningKey key, ComplianceRegister register, DataFolder data, TimeProvider time)
{
    public const string ManifestName = "manifest.json";
    public const string SignatureName = "manifest.sig";
    public const string KeyName = "signing-key.pem";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Builds the archive of <paramref name="period"/> for the office and stores it.</summary>
    public async Task<ArchiveInfo> CreateAsync(string officeId, ArchivePeriod period, string reason, string? userId, CancellationToken ct = default)
    {
        var createdAt = time.GetUtcNow();
        var bytes = await BuildAsync(officeId, period, reason, createdAt, ct);
        var folder = Folder(officeId);
        var name = $"archive-{Safe(officeId)}-{period.From:yyyyMMdd}-{period.To:yyyyMMdd}-{createdAt:yyyyMMdd'T'HHmmss'Z'}.zip";
        var path = Path.Combine(folder, name);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, ct);
        File.Move(temporary, path, overwrite: false);
        var info = Info(path)!;
        await register.RecordAsync(
            officeId, createdAt.Year, $"archive/{name}",
            new ArchiveCreated(officeId, name, period.From, period.To, info.Sha256, key.Fingerprint, reason, createdAt), userId, ct);
        return info;
    }

    /// <summary>The zip, in memory (pure but for the parts' reads): files first, then the manifest, its signature and the public key.</summary>
    public async Task<byte[]> BuildAsync(string officeId, ArchivePeriod period, string reason, DateTimeOffset createdAt, CancellationToken ct = default)
    {
        var files = new List<ArchiveFile> { await events.FileAsync(officeId, period, ct) };
        var names = new List<string> { "events" };
        foreach (var part in parts)
        {
            files.AddRange(await part.FilesAsync(officeId, period, ct));
            names.Add(part.Name);
        }

        var duplicate = files.GroupBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null || files.Any(f => f.Path is ManifestName or SignatureName or KeyName))
        {
            throw new InvalidOperationException($"Two archive files are named '{duplicate?.Key ?? ManifestName}'.");
        }

        var manifest = new ArchiveManifest(
            ArchiveManifest.FormatName,
            officeId,
            period.From,
            period.To,
            createdAt,
            reason,
            names,
            new ManifestSignature(ArchiveSigningKey.Algorithm, Convert.ToBase64String(key.PublicKey), key.Fingerprint, SignatureName, key.IsDevelopmentKey),
            [.. files.Select(f => new ManifestFile(f.Path, Convert.ToHexStringLower(SHA256.HashData(f.Content)), f.Content.LongLength, f.MediaType, f.Description))]);
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
            {
                await AddAsync(zip, file.Path, file.Content, createdAt, ct);
            }

            await AddAsync(zip, ManifestName, manifestBytes, createdAt, ct);
            await AddAsync(zip, SignatureName, key.Sign(manifestBytes), createdAt, ct);
            await AddAsync(zip, KeyName, Encoding.ASCII.GetBytes(key.PublicKeyPem + "\n"), createdAt, ct);
        }

        return buffer.ToArray();
    }

    public IReadOnlyList<ArchiveInfo> List(string officeId) =>
        [.. Directory.EnumerateFiles(Folder(officeId), "archive-*.zip").Select(Info).OfType<ArchiveInfo>().OrderBy(a => a.From).ThenBy(a => a.CreatedAt)];

    /// <summary>The stored archive's path, or null (names are checked: no path can leave the office's folder).</summary>
    public string? Find(string officeId, string name)
    {
        if (name.Length > 200 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || name.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        var path = Path.Combine(Folder(officeId), name);
        return File.Exists(path) && name.EndsWith(".zip", StringComparison.Ordinal) ? path : null;
    }

    /// <summary>True when an archive of exactly this period is stored.</summary>
    public bool Exists(string officeId, ArchivePeriod period) => List(officeId).Any(a => a.From == period.From && a.To == period.To);

    /// <summary>Deletes the archives whose period ended before <paramref name="before"/> (the 10-year retention of accounting records).</summary>
    public IReadOnlyList<ArchiveInfo> DeleteEndedBefore(string officeId, DateOnly before)
    {
        var deleted = List(officeId).Where(a => a.To < before).ToList();
        foreach (var archive in deleted)
        {
            File.Delete(Path.Combine(Folder(officeId), archive.Name));
        }

        return deleted;
    }

    public IEnumerable<string> OfficesWithArchives() =>
        Directory.EnumerateDirectories(data.Sub("archives")).Select(Path.GetFileName).OfType<string>();

    private string Folder(string officeId) => data.Sub(Path.Combine("archives", Safe(officeId)));

    internal static string Safe(string officeId) => new([.. officeId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);

    private static ArchiveInfo? Info(string path)
    {
        var name = Path.GetFileName(path);
        var parts = Path.GetFileNameWithoutExtension(name).Split('-');
        if (parts.Length < 5
            || !DateOnly.TryParseExact(parts[^3], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !DateOnly.TryParseExact(parts[^2], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
            || !DateTimeOffset.TryParseExact(parts[^1], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdAt))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new ArchiveInfo(name, string.Join('-', parts[1..^3]), from, to, createdAt, stream.Length, sha);
    }

    private static async Task AddAsync(ZipArchive zip, string path, byte[] content, DateTimeOffset at, CancellationToken ct)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        entry.LastWriteTime = at;
        await using var stream = entry.Open();
        await stream.WriteAsync(content, ct);
    }
}
