using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Monolith.BuildingBlocks.EventStore.Privacy;

namespace Monolith.BuildingBlocks.EventStore;

/// <summary>The secret behind every office's keyed chain (ADR 0021). It is never stored in the database: configure
/// <c>Audit:ChainKey</c> (base64 of 32 random bytes), or it is derived (HKDF-SHA256) from the personal-data master key
/// <c>Privacy:MasterKey</c>. Each office gets its own chain key and closure-signing key, derived with HKDF from that root, so one
/// office's keys say nothing about another's. Whoever can rewrite rows in the database but does not hold the key cannot
/// recompute a valid chain.</summary>
public sealed class OfficeChainKeys
{
    public const string ConfigurationKey = "Audit:ChainKey";

    private readonly byte[] _root;
    private readonly ConcurrentDictionary<string, byte[]> _chainKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _signingKeys = new(StringComparer.Ordinal);

    public OfficeChainKeys(byte[] rootKey, bool usesDevelopmentKey = false)
    {
        ArgumentNullException.ThrowIfNull(rootKey);
        if (rootKey.Length < 32)
        {
            throw new ArgumentException("The audit chain key must be at least 32 bytes.", nameof(rootKey));
        }

        _root = rootKey;
        UsesDevelopmentKey = usesDevelopmentKey;
    }

    /// <summary>True when derived from the public development master key (tests, development).</summary>
    public bool UsesDevelopmentKey { get; }

    /// <summary>INSECURE, development and tests only: derived from the public development master key.</summary>
    public static OfficeChainKeys Development() => FromMasterKey(PersonalDataOptions.Development());

    public static OfficeChainKeys FromMasterKey(PersonalDataOptions privacy)
    {
        ArgumentNullException.ThrowIfNull(privacy);
        var root = HKDF.DeriveKey(HashAlgorithmName.SHA256, privacy.MasterKey, 32, salt: null, info: Encoding.UTF8.GetBytes("monolith/audit-chain/root"));
        return new OfficeChainKeys(root, privacy.UsesDevelopmentMasterKey);
    }

    /// <summary><c>Audit:ChainKey</c> when configured, else derived from <c>Privacy:MasterKey</c>.</summary>
    public static OfficeChainKeys FromConfiguration(IConfiguration? configuration)
    {
        var value = configuration?[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return FromMasterKey(PersonalDataOptions.FromConfiguration(configuration));
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{ConfigurationKey} must be base64 of 32 random bytes.", e);
        }

        return key.Length >= 32
            ? new OfficeChainKeys(key)
            : throw new InvalidOperationException($"{ConfigurationKey} must be base64 of 32 random bytes (got {key.Length} bytes).");
    }

    /// <summary>The HMAC key of the office's event chain.</summary>
    public byte[] ChainKeyFor(string officeId) =>
        _chainKeys.GetOrAdd(officeId, id => Derive("office-chain\n" + id));

    /// <summary>The HMAC key that signs the office's closure documents (anchors).</summary>
    public byte[] SigningKeyFor(string officeId) =>
        _signingKeys.GetOrAdd(officeId, id => Derive("closure-signature\n" + id));

    /// <summary>Lowercase hex HMAC-SHA256 of <paramref name="content"/> with the office's signing key.</summary>
    public string Sign(string officeId, string content) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(SigningKeyFor(officeId), Encoding.UTF8.GetBytes(content)));

    /// <summary>Constant-time check of a signature made by <see cref="Sign"/>.</summary>
    public bool VerifySignature(string officeId, string content, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(officeId, content));
        var given = Encoding.ASCII.GetBytes(signature ?? string.Empty);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private byte[] Derive(string info) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _root, 32, salt: null, info: Encoding.UTF8.GetBytes(info));
}

/// <summary>The per-office keyed chain (ADR 0021): each event of an office carries HMAC-SHA256(office key, previous office hash ‖
/// the event's stored fields), the previous office hash being the office's previous event's (the genesis for its first keyed
/// event). Same field encoding as <see cref="EventHashChain"/>. Events stored before the upgrade have no office hash (legacy): the
/// office's chain starts at its first event after the upgrade.</summary>
public static class OfficeHashChain
{
    public static readonly string GenesisHash = new('0', 64);

    public static string Compute(
        byte[] key,
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
        using var hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        EventHashChain.Append(hash, "office-chain/v1");
        EventHashChain.AppendEvent(hash, previousHash, position, streamId, revision, eventId, type, data, metadata, recordedAt);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>A point of an office's chain recorded outside the database (a signed closure document): the office's event count, last
/// position and office hash at that point.</summary>
public sealed record ChainAnchor(string OfficeId, long Position, string OfficeHash, long OfficeEvents, DateTimeOffset AnchoredAt, string Label);

/// <summary>Outcome of walking one office's keyed chain. <see cref="LegacyEvents"/>: the office's events stored before the keyed chain
/// existed (covered by the global chain only). <see cref="AnchorChecked"/>: the anchor given was found intact in the log.</summary>
public sealed record OfficeChainVerification(
    string OfficeId,
    bool Intact,
    long EventsChecked,
    long LegacyEvents,
    long? FirstBrokenPosition,
    string? Reason,
    long HeadPosition,
    string HeadHash,
    bool AnchorChecked);

/// <summary>The walk both adapters share: feed the office's rows in position order, then <see cref="Finish"/>.</summary>
public sealed class OfficeChainVerifier(string officeId, byte[] key, ChainAnchor? anchor)
{
    private string _previous = OfficeHashChain.GenesisHash;
    private long _checked;
    private long _legacy;
    private bool _keyedStarted;
    private bool _anchorSeen;
    private long _headPosition;
    private OfficeChainVerification? _broken;

    public bool IsBroken => _broken is not null;

    /// <summary>Checks one row; returns false once the chain is broken (stop feeding).</summary>
    public bool Next(long position, string streamId, long revision, string eventId, string type, string data, string metadata, string recordedAt, string? officeHash)
    {
        if (_broken is not null)
        {
            return false;
        }

        if (anchor is not null && !_anchorSeen && position > anchor.Position)
        {
            return Break(anchor.Position, $"L'événement ancré à la position {anchor.Position} ({anchor.Label}) est absent du journal.");
        }

        if (officeHash is null)
        {
            if (_keyedStarted)
            {
                return Break(position, $"L'événement en position {position} n'a plus d'empreinte alors que la chaîne de l'office avait commencé.");
            }

            _legacy++;
            _headPosition = position;
            return CheckAnchor(position, officeHash);
        }

        _keyedStarted = true;
        var computed = OfficeHashChain.Compute(key, _previous, position, streamId, revision, eventId, type, data, metadata, recordedAt);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(officeHash)))
        {
            return Break(position, $"L'empreinte de l'événement en position {position} ne correspond pas à son contenu et à l'empreinte qui le précède : l'historique a été modifié ou un événement supprimé.");
        }

        _previous = officeHash;
        _checked++;
        _headPosition = position;
        return CheckAnchor(position, officeHash);
    }

    public OfficeChainVerification Finish()
    {
        if (_broken is not null)
        {
            return _broken;
        }

        if (anchor is not null && !_anchorSeen)
        {
            Break(anchor.Position, $"Le journal s'arrête à la position {_headPosition} alors que la clôture « {anchor.Label} » l'avait ancré à la position {anchor.Position} : des événements récents ont été supprimés.");
            return _broken!;
        }

        return new OfficeChainVerification(officeId, true, _checked, _legacy, null, null, _headPosition, _previous, anchor is not null);
    }

    private bool CheckAnchor(long position, string? officeHash)
    {
        if (anchor is null || position != anchor.Position)
        {
            return true;
        }

        _anchorSeen = true;
        if (!string.Equals(officeHash ?? string.Empty, anchor.OfficeHash, StringComparison.Ordinal) || _checked + _legacy != anchor.OfficeEvents)
        {
            return Break(position, $"La position {position} ne correspond plus à la clôture « {anchor.Label} » signée hors de la base (empreinte ou nombre d'événements différents).");
        }

        return true;
    }

    private bool Break(long position, string reason)
    {
        _broken = new OfficeChainVerification(officeId, false, _checked, _legacy, position, reason, _headPosition, _previous, anchor is not null);
        return false;
    }
}
