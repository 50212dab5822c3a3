using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Monolith.BuildingBlocks.EventStore.Privacy;

/// <summary>The master key that wraps (AES-GCM) every data-subject key before it is stored, so a copy of the database file alone
/// does not reveal personal data. Configure it as base64 of 32 random bytes under <c>Privacy:MasterKey</c>
/// (environment variable <c>Privacy__MasterKey</c>; generate one with <c>openssl rand -base64 32</c>) and keep it outside
/// the data folder. Losing it makes every personal field unreadable, like forgetting everybody.
/// Without configuration the <see cref="DevelopmentMasterKey"/> is used: it is public (it is in this source file), so it is for
/// development and tests only; <see cref="UsesDevelopmentMasterKey"/> tells the host to warn or refuse to start in production.</summary>
public sealed class PersonalDataOptions
{
    public const string ConfigurationKey = "Privacy:MasterKey";

    /// <summary>INSECURE, development only: derived from a constant published in the source code.</summary>
    public static byte[] DevelopmentMasterKey => SHA256.HashData(Encoding.UTF8.GetBytes("monolith/personal-data/DEVELOPMENT-ONLY-master-key/not-a-secret"));

    public PersonalDataOptions(byte[] masterKey, bool usesDevelopmentMasterKey = false)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("The personal-data master key must be 32 bytes (AES-256).", nameof(masterKey));
        }

        MasterKey = masterKey;
        UsesDevelopmentMasterKey = usesDevelopmentMasterKey;
    }

    public byte[] MasterKey { get; }

    public bool UsesDevelopmentMasterKey { get; }

    public static PersonalDataOptions Development() => new(DevelopmentMasterKey, usesDevelopmentMasterKey: true);

    public static PersonalDataOptions FromConfiguration(IConfiguration? configuration)
    {
        var value = configuration?[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return Development();
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

        return key.Length == 32
            ? new PersonalDataOptions(key)
            : throw new InvalidOperationException($"{ConfigurationKey} must be base64 of 32 random bytes (got {key.Length} bytes).");
    }
}
