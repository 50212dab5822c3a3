using System.Security.Cryptography;
using System.Text;

namespace Monolith.BuildingBlocks.Deciders;

/// <summary>Name-based GUIDs (RFC 9562 / RFC 4122 version 5, SHA-1): the same namespace and name always give the same id.
/// Reactors and jobs derive event and command ids from what triggered them, so a replay produces the same ids and the event store
/// drops the duplicates.</summary>
public static class DeterministicGuid
{
    /// <summary>Namespace for ids the platform derives itself (event ids from a command's seed, erasure records…).</summary>
    public static readonly Guid PlatformNamespace = new("6f1b7a2e-54c3-4c71-9a55-3f0d3c1e8b90");

    public static Guid Create(Guid @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        @namespace.TryWriteBytes(input.AsSpan(0, 16), bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 version 5 specifies; it is an id, not a signature.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The id of the <paramref name="index"/>-th event decided for a command whose ids derive from <paramref name="seed"/>.</summary>
    public static Guid ForEvent(Guid seed, int index) =>
        Create(seed, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
