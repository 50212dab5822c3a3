using System.Security.Cryptography;
using System.Text;

namespace Monolith.BuildingBlocks.Tests.Projections.Support;

/// <summary>Private UUIDv5 (RFC 9562, SHA-1, name-based) used by the reactor tests until the shared DeterministicGuid is merged.</summary>
internal static class TestUuid
{
    public static Guid V5(Guid namespaceId, string name)
    {
        var ns = namespaceId.ToByteArray(bigEndian: true);
        var bytes = ns.Concat(Encoding.UTF8.GetBytes(name)).ToArray();
#pragma warning disable CA5350 // SHA-1 is what UUIDv5 is defined with; not used for security
        var hash = SHA1.HashData(bytes);
#pragma warning restore CA5350
        var result = hash[..16];
        result[6] = (byte)((result[6] & 0x0F) | 0x50);
        result[8] = (byte)((result[8] & 0x3F) | 0x80);
        return new Guid(result, bigEndian: true);
    }
}
