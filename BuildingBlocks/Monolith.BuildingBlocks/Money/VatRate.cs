using System.Text.Json.Serialization;

namespace Monolith.BuildingBlocks.Money;

/// <summary>A VAT rate in basis points (2000 = 20 %, 1000 = 10 %, 550 = 5.5 %, 0 = 0 %), or "out of the scope of VAT" with the reason
/// printed on the document (an association's membership fee with no counterpart, a tourism office's free promotion...).
/// Out of scope is not 0 %: it is printed "Hors champ de TVA" with its reason and grouped apart on the invoice.</summary>
[JsonConverter(typeof(VatRateJsonConverter))]
public readonly record struct VatRate
{
    public const string OutOfScopeLabel = "Hors champ de TVA";

    [JsonConstructor]
    public VatRate(int basisPoints, string? outOfScopeReason = null)
    {
        if (basisPoints is < 0 or > 10000)
        {
            throw new ArgumentOutOfRangeException(nameof(basisPoints), basisPoints, "A VAT rate is between 0 and 10000 basis points.");
        }

        if (outOfScopeReason is not null && (basisPoints != 0 || string.IsNullOrWhiteSpace(outOfScopeReason)))
        {
            throw new ArgumentException("An out-of-scope rate has 0 basis points and a non-empty reason.", nameof(outOfScopeReason));
        }

        BasisPoints = basisPoints;
        OutOfScopeReason = outOfScopeReason?.Trim();
    }

    /// <summary>The rate in basis points (hundredths of a percent); 0 when out of scope.</summary>
    public int BasisPoints { get; }

    /// <summary>Why the line is outside the scope of VAT; null for a real rate (including 0 %).</summary>
    public string? OutOfScopeReason { get; }

    [JsonIgnore]
    public bool IsOutOfScope => OutOfScopeReason is not null;

    public static VatRate Of(int basisPoints) => new(basisPoints);

    public static VatRate OutOfScope(string reason) => new(0, reason);

    /// <summary>20 %: services, guided visits, advertising packs.</summary>
    public static VatRate Standard => new(2000);

    /// <summary>10 %: accommodation, admissions to sites, exhibitions, fairs.</summary>
    public static VatRate Intermediate => new(1000);

    /// <summary>5.5 %: live shows, sports events, cinema.</summary>
    public static VatRate Reduced => new(550);

    public static VatRate Zero => new(0);

    /// <summary>As printed: "20 %", "5,5 %", "0 %" or "Hors champ de TVA".</summary>
    [JsonIgnore]
    public string Label => IsOutOfScope ? OutOfScopeLabel : $"{Percent(BasisPoints)} %";

    /// <summary>A stable key for grouping and storage: "2000", "550", "0" or "hors-champ".</summary>
    [JsonIgnore]
    public string Key => IsOutOfScope ? "hors-champ" : BasisPoints.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => IsOutOfScope ? $"{OutOfScopeLabel} ({OutOfScopeReason})" : Label;

    private static string Percent(int basisPoints)
    {
        var whole = basisPoints / 100;
        var fraction = basisPoints % 100;
        return fraction == 0 ? $"{whole}" : fraction % 10 == 0 ? $"{whole},{fraction / 10}" : $"{whole},{fraction:D2}";
    }
}

/// <summary>Reads and writes <see cref="VatRate"/> as <c>{"basisPoints":2000,"outOfScopeReason":null}</c>; a rate out of 0–10000 or
/// an inconsistent out-of-scope reason is a <see cref="System.Text.Json.JsonException"/> (a 400 for a request), never a crash.</summary>
public sealed class VatRateJsonConverter : JsonConverter<VatRate>
{
    public override VatRate Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        if (reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
        {
            throw new System.Text.Json.JsonException("A VAT rate is an object with basisPoints (0 to 10000).");
        }

        int? basisPoints = null;
        string? reason = null;
        while (reader.Read() && reader.TokenType != System.Text.Json.JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "basisPoints", StringComparison.OrdinalIgnoreCase))
            {
                basisPoints = reader.TokenType == System.Text.Json.JsonTokenType.Number && reader.TryGetInt32(out var value)
                    ? value
                    : throw new System.Text.Json.JsonException("basisPoints is a whole number from 0 to 10000.");
            }
            else if (string.Equals(name, "outOfScopeReason", StringComparison.OrdinalIgnoreCase))
            {
                reason = reader.TokenType == System.Text.Json.JsonTokenType.Null ? null
                    : reader.TokenType == System.Text.Json.JsonTokenType.String ? reader.GetString()
                    : throw new System.Text.Json.JsonException("outOfScopeReason is a text.");
            }
            else
            {
                reader.Skip();
            }
        }

        if (basisPoints is not { } points || points is < 0 or > 10000)
        {
            throw new System.Text.Json.JsonException("Le taux de TVA est exprimé en points de base, de 0 à 10000 (2000 = 20 %).");
        }

        if (reason is not null && (points != 0 || string.IsNullOrWhiteSpace(reason)))
        {
            throw new System.Text.Json.JsonException("Un taux hors champ de TVA a 0 point de base et un motif.");
        }

        return new VatRate(points, reason);
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, VatRate value, System.Text.Json.JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber(options.PropertyNamingPolicy?.ConvertName(nameof(VatRate.BasisPoints)) ?? nameof(VatRate.BasisPoints), value.BasisPoints);
        var reasonName = options.PropertyNamingPolicy?.ConvertName(nameof(VatRate.OutOfScopeReason)) ?? nameof(VatRate.OutOfScopeReason);
        if (value.OutOfScopeReason is not null)
        {
            writer.WriteString(reasonName, value.OutOfScopeReason);
        }
        else if (options.DefaultIgnoreCondition is not JsonIgnoreCondition.WhenWritingNull and not JsonIgnoreCondition.WhenWritingDefault)
        {
            writer.WriteNull(reasonName);
        }

        writer.WriteEndObject();
    }
}
