using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Monolith.BuildingBlocks.Persistence;

/// <summary>The data-protection key ring in PostgreSQL (<c>platform_dataprotection_keys</c>) on the server engine, so every host
/// behind the proxy seals and opens the same bearer tokens: a client signed in through one host is signed in on all of them.
/// Keys are appended, never updated (the key manager writes a new element to revoke or rotate).</summary>
public sealed class PostgreSqlXmlRepository(PostgreSqlConnectionFactory connections) : IXmlRepository
{
    private const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS platform_dataprotection_keys (
            friendly_name text NOT NULL PRIMARY KEY,
            xml           text NOT NULL
        );
        """;

    private volatile bool _schemaReady;

    // IXmlRepository is synchronous; the key manager calls it rarely (start, rotation) and caches the ring.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        EnsureSchema();
        using var connection = connections.DataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT xml FROM platform_dataprotection_keys ORDER BY friendly_name", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        EnsureSchema();
        using var connection = connections.DataSource.OpenConnection();
        using var command = new NpgsqlCommand(
            "INSERT INTO platform_dataprotection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING", connection);
        command.Parameters.AddWithValue("name", string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }

    private void EnsureSchema()
    {
        if (!_schemaReady)
        {
            PostgreSqlSchema.ApplyAsync(connections, SchemaSql).GetAwaiter().GetResult();
            _schemaReady = true;
        }
    }
}
