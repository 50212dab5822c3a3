using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace ArchiveVerify;

/// <summary>What the verification found: <see cref="Intact"/> when the manifest's signature holds under the key it names (and under the
/// expected fingerprint when one was given) and every file listed is present with its SHA-256 and size, and nothing else is in the zip.</summary>
public sealed record ArchiveVerification(bool Intact, IReadOnlyList<string> Problems, string? KeyFingerprint, bool KeyPinned, bool DevelopmentKey, int FilesChecked);

/// <summary>Verifies an office archive (format <c>monolith-office-archive/1</c>) without any secret and without the product: the
/// manifest (<c>manifest.json</c>) is signed (<c>manifest.sig</c>, ECDSA P-256 SHA-256, DER) with the key whose DER SubjectPublicKeyInfo
/// is in the manifest (<c>signature.publicKey</c>, base64); the manifest lists every other file with its SHA-256 and size.</summary>
public static class ArchiveVerifier
{
    private static readonly string[] OwnFiles = ["manifest.json", "manifest.sig", "signing-key.pem"];

    public static ArchiveVerification Verify(Stream zipStream, string? expectedFingerprint = null)
    {
        try
        {
            return VerifyZip(zipStream, expectedFingerprint);
        }
        catch (InvalidDataException e)
        {
            // A damaged deflate stream or CRC: the archive was altered below the manifest's level.
            return new ArchiveVerification(false, [$"the zip is damaged: {e.Message}"], null, false, false, 0);
        }
    }

    private static ArchiveVerification VerifyZip(Stream zipStream, string? expectedFingerprint)
    {
        var problems = new List<string>();
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            return new ArchiveVerification(false, [$"not a readable zip: {e.Message}"], null, false, false, 0);
        }

        using (zip)
        {
            byte[] manifestBytes;
            byte[] signature;
            try
            {
                manifestBytes = Read(zip, "manifest.json") ?? throw new InvalidDataException("manifest.json is missing");
                signature = Read(zip, "manifest.sig") ?? throw new InvalidDataException("manifest.sig is missing");
            }
            catch (InvalidDataException e)
            {
                return new ArchiveVerification(false, [e.Message], null, false, false, 0);
            }

            JsonElement manifest;
            byte[] publicKey;
            try
            {
                manifest = JsonDocument.Parse(manifestBytes).RootElement;
                publicKey = Convert.FromBase64String(manifest.GetProperty("signature").GetProperty("publicKey").GetString()!);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or ArgumentNullException)
            {
                return new ArchiveVerification(false, [$"manifest.json is not a valid manifest: {e.Message}"], null, false, false, 0);
            }

            var fingerprint = Convert.ToHexStringLower(SHA256.HashData(publicKey));
            var pinned = expectedFingerprint is not null;
            if (pinned && !string.Equals(fingerprint, expectedFingerprint!.Replace(":", string.Empty, StringComparison.Ordinal).Trim(), StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"the manifest is signed with key {fingerprint}, not the expected {expectedFingerprint}");
            }

            using (var key = ECDsa.Create())
            {
                try
                {
                    key.ImportSubjectPublicKeyInfo(publicKey, out _);
                    if (!key.VerifyData(manifestBytes, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
                    {
                        problems.Add("the signature of manifest.json does not verify: the manifest was changed or not signed by this key");
                    }
                }
                catch (CryptographicException e)
                {
                    problems.Add($"the public key or the signature is malformed: {e.Message}");
                }
            }

            if (Read(zip, "signing-key.pem") is { } pem)
            {
                var text = System.Text.Encoding.ASCII.GetString(pem);
                if (!text.Contains(Convert.ToBase64String(publicKey)[..40], StringComparison.Ordinal)
                    || !PemEncoding.TryFind(text, out var fields) || !Convert.FromBase64String(text[fields.Base64Data]).AsSpan().SequenceEqual(publicKey))
                {
                    problems.Add("signing-key.pem is not the key named in manifest.json");
                }
            }

            var listed = new HashSet<string>(StringComparer.Ordinal);
            var checkedFiles = 0;
            foreach (var file in manifest.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array ? files.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                var path = file.GetProperty("path").GetString()!;
                listed.Add(path);
                var content = Read(zip, path);
                if (content is null)
                {
                    problems.Add($"{path}: listed in the manifest but missing from the archive");
                    continue;
                }

                checkedFiles++;
                var sha = Convert.ToHexStringLower(SHA256.HashData(content));
                if (!string.Equals(sha, file.GetProperty("sha256").GetString(), StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{path}: SHA-256 {sha} differs from the manifest's");
                }

                if (content.LongLength != file.GetProperty("size").GetInt64())
                {
                    problems.Add($"{path}: {content.LongLength} bytes, the manifest says {file.GetProperty("size").GetInt64()}");
                }
            }

            foreach (var entry in zip.Entries.Where(e => !OwnFiles.Contains(e.FullName) && !listed.Contains(e.FullName)))
            {
                problems.Add($"{entry.FullName}: in the archive but not in the manifest");
            }

            var development = manifest.GetProperty("signature").TryGetProperty("developmentKey", out var dev) && dev.ValueKind == JsonValueKind.True;
            return new ArchiveVerification(problems.Count == 0, problems, fingerprint, pinned, development, checkedFiles);
        }
    }

    private static byte[]? Read(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path);
        if (entry is null)
        {
            return null;
        }

        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
