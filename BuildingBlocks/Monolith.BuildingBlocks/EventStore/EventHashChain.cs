using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Monolith.BuildingBlocks.EventStore;

/// <summary>The tamper-evidence chain shared by every adapter: each event's hash is SHA-256 over the previous event's hash and the
/// event's stored fields, so altering, inserting or deleting a stored row breaks the chain from that position on.</summary>
public static class EventHashChain
{
    /// <summary>The "previous hash" of the first event in the log.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>Lowercase hex SHA-256 over an unambiguous encoding: every field as its UTF-8 bytes preceded by their length
    /// (4 bytes, big-endian), in this order: previous hash, position, stream id, revision, event id, type, data, metadata,
    /// recorded-at. Numbers are invariant decimal; the event id (<c>Guid.ToString("D")</c>), data, metadata and recorded-at
    /// are the exact stored text (so the chain covers ciphertext, never decrypted values).</summary>
    public static string Compute(
        string previousHash,
        long position,
        string streamId,
        long revision,
        string eventId,
        string type,
        string data,
        string metadata,
        string recordedAt)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendEvent(hash, previousHash, position, streamId, revision, eventId, type, data, metadata, recordedAt);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Walks rows in position order — columns position, stream id, revision, event id, type, data, metadata, recorded-at,
    /// hash (the adapters' <c>Columns</c> order) — recomputing every hash; reports the first missing position or mismatching hash.
    /// One walk for every adapter: each only opens its reader.</summary>
    public static async Task<ChainVerification> VerifyAsync(System.Data.Common.DbDataReader reader, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var previousHash = GenesisHash;
        long expectedPosition = 1;
        long verified = 0;
        while (await reader.ReadAsync(ct))
        {
            var position = reader.GetInt64(0);
            if (position != expectedPosition)
            {
                return new ChainVerification(false, verified, expectedPosition,
                    $"Position {expectedPosition} is missing: the next stored position is {position}.");
            }

            var stored = reader.GetString(8);
            var computed = Compute(
                previousHash,
                position,
                streamId: reader.GetString(1),
                revision: reader.GetInt64(2),
                eventId: reader.GetString(3),
                type: reader.GetString(4),
                data: reader.GetString(5),
                metadata: reader.GetString(6),
                recordedAt: reader.GetString(7));
            if (!string.Equals(computed, stored, StringComparison.Ordinal))
            {
                return new ChainVerification(false, verified, position,
                    $"The hash stored at position {position} does not match the event's content and its predecessor's hash.");
            }

            previousHash = stored;
            expectedPosition++;
            verified++;
        }

        return new ChainVerification(true, verified, null, null);
    }

    /// <summary>Feeds the previous hash and the event's stored fields, in the order and encoding <see cref="Compute"/> documents, to
    /// <paramref name="hash"/> (a plain hash here, an HMAC for the keyed office chain).</summary>
    internal static void AppendEvent(
        IncrementalHash hash,
        string previousHash,
        long position,
        string streamId,
        long revision,
        string eventId,
        string type,
        string data,
        string metadata,
        string recordedAt)
    {
        Append(hash, previousHash);
        Append(hash, position.ToString(CultureInfo.InvariantCulture));
        Append(hash, streamId);
        Append(hash, revision.ToString(CultureInfo.InvariantCulture));
        Append(hash, eventId);
        Append(hash, type);
        Append(hash, data);
        Append(hash, metadata);
        Append(hash, recordedAt);
    }

    /// <summary>One field: its UTF-8 bytes preceded by their length (4 bytes, big-endian).</summary>
    internal static void Append(IncrementalHash hash, string field)
    {
        var bytes = Encoding.UTF8.GetBytes(field);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
