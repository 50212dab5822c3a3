using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Monolith.BuildingBlocks.EventStore.Serialization;

namespace Monolith.BuildingBlocks.EventStore.Privacy;

/// <summary>One personal property of an event type, by its JSON name.</summary>
public sealed record PersonalDataField(string JsonName, Type PropertyType)
{
    public bool IsString => PropertyType == typeof(string);

    /// <summary>What the field reads as once erased: <see cref="PersonalData.ErasedText"/> for a string, the default value for a
    /// non-nullable value type (a <c>DateOnly</c> birth date reads as 0001-01-01, a count as 0), JSON null for anything else.</summary>
    public JsonNode? ErasedJson()
    {
        if (IsString)
        {
            return JsonValue.Create(PersonalData.ErasedText);
        }

        return PropertyType.IsValueType && Nullable.GetUnderlyingType(PropertyType) is null
            ? JsonSerializer.SerializeToNode(Activator.CreateInstance(PropertyType), PropertyType, EventJson.Options)
            : null;
    }
}

/// <summary>Which JSON properties of an event type are personal and which one names the data subject; read once, by reflection,
/// when the type is registered.</summary>
public sealed record PersonalDataShape(string? SubjectJsonName, IReadOnlyList<PersonalDataField> Fields)
{
    public static PersonalDataShape None { get; } = new(null, []);

    public bool HasPersonalData => Fields.Count > 0;

    public static PersonalDataShape For(Type eventType, JsonSerializerOptions options)
    {
        var typeInfo = options.GetTypeInfo(eventType);
        var parameters = eventType
            .GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(c => c.GetParameters())
            .ToList();

        bool Has<TAttribute>(MemberInfo member)
            where TAttribute : Attribute =>
            member.IsDefined(typeof(TAttribute), inherit: true)
            || parameters.Any(p => string.Equals(p.Name, member.Name, StringComparison.OrdinalIgnoreCase)
                && p.IsDefined(typeof(TAttribute), inherit: true));

        string? subject = null;
        var fields = new List<PersonalDataField>();
        foreach (var property in typeInfo.Properties)
        {
            if (property.AttributeProvider is not MemberInfo member)
            {
                continue;
            }

            var isPersonal = Has<PersonalDataAttribute>(member);
            var isSubject = Has<DataSubjectAttribute>(member);
            if (isPersonal && isSubject)
            {
                throw new InvalidOperationException(
                    $"{eventType.FullName}.{member.Name} cannot be both [PersonalData] and [DataSubject]: the subject id is stored in clear.");
            }

            if (isSubject)
            {
                if (subject is not null)
                {
                    throw new InvalidOperationException($"{eventType.FullName} has more than one [DataSubject] property.");
                }

                subject = property.Name;
            }

            if (isPersonal)
            {
                fields.Add(new PersonalDataField(property.Name, property.PropertyType));
            }
        }

        if (fields.Count > 0 && subject is null)
        {
            throw new InvalidOperationException(
                $"{eventType.FullName} has [PersonalData] properties but no [DataSubject] property naming whose data it is.");
        }

        return fields.Count == 0 && subject is null ? None : new PersonalDataShape(subject, fields);
    }
}
